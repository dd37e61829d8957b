import { Shell } from './Shell';
import { ViewerProvider } from './ViewerProvider';

/** Everything behind the log-in, loaded after the first screen. */
export default function SignedInShell() {
  return (
    <ViewerProvider>
      <Shell />
    </ViewerProvider>
  );
}
