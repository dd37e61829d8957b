import { graphql } from '../../gql';

export const StartExport = graphql(`
  mutation StartExport($input: StartExportInput!) {
    startExport(input: $input) {
      export {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ExportsList = graphql(`
  query ExportsList {
    exports {
      id
      list
      format
      status
      rowCount
      fileName
      failureCode
      failureMessage
      createdAt
      expiresAt
      downloadUrl
    }
  }
`);
