import { graphql } from '../../gql';

export const ImportTemplate = graphql(`
  query ImportTemplate($kind: ImportKind!) {
    importTemplate(kind: $kind) {
      kind
      csv
      columns {
        name
        required
        description
        example
      }
    }
  }
`);

export const ImportJobsList = graphql(`
  query ImportJobsList($first: Int, $after: String) {
    importJobs(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          kind
          fileName
          mode
          dryRun
          status
          totalRows
          processedRows
          writtenRows
          duplicateRows
          errorRows
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ImportJobDetail = graphql(`
  query ImportJobDetail($id: ID!, $first: Int, $after: String) {
    importJob(id: $id) {
      id
      kind
      fileName
      fileFormat
      mode
      dryRun
      status
      totalRows
      processedRows
      validRows
      writtenRows
      duplicateRows
      errorRows
      failureCode
      failureMessage
      createdAt
      finishedAt
      issues(first: $first, after: $after) {
        edges {
          cursor
          node {
            rowNumber
            column
            code
            message
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const StartImport = graphql(`
  mutation StartImport($input: StartImportInput!) {
    startImport(input: $input) {
      importJob {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
