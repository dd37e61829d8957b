import { explorerPlugin } from '@graphiql/plugin-explorer';
import '@graphiql/plugin-explorer/dist/style.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/graphiql.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** Development's GraphiQL (ORBIT_GRAPHIQL), built from the project's own packages so it
 * loads offline and under the same strict Content-Security-Policy as the apps. The session
 * is a bearer token: paste `{"Authorization": "Bearer …"}` into the headers editor. */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(options?.headers as Record<string, string> | undefined),
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

const plugins = [explorerPlugin({ showAttribution: false })];

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} plugins={plugins} />
  </StrictMode>,
);
