import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents generated from the repository's exported schema: a schema change that
// breaks an operation in a screen breaks `npm run typecheck`.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: true,
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
