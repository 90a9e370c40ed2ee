import { graphql } from "./gql/index.js";

// Each document is typed by codegen (npm run client:codegen): results and variables follow the schema.

export const PREVIEW_IMPORT = graphql(`
  mutation PreviewImport($input: PreviewImportInput!) {
    previewImport(input: $input) {
      format
      encoding
      headers
      suggestedMapping {
        source
        target
        confidence
      }
      sampleErrors {
        row
        column
        code
        message
      }
      warnings {
        code
        message
      }
    }
  }
`);

export const START_IMPORT = graphql(`
  mutation StartImport($input: StartImportInput!) {
    startImport(input: $input) {
      job {
        id
        status
        fileName
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const IMPORT_PROGRESS = graphql(`
  subscription ImportProgress($jobId: ID!) {
    importProgress(jobId: $jobId) {
      status
      processedRows
      totalRows
      insertedCount
      updatedCount
      unchangedCount
      skippedCount
      failedCount
      progress
      rowsPerSecond
    }
  }
`);

export const IMPORT_ERRORS = graphql(`
  subscription ImportErrors($jobId: ID!, $after: String) {
    importErrors(jobId: $jobId, after: $after) {
      cursor
      errors {
        row
        column
        field
        value
        code
        message
      }
    }
  }
`);

export const CUSTOMER_HISTORY = graphql(`
  query CustomerHistory($externalId: String!, $first: Int!) {
    customer(externalId: $externalId) {
      displayName
      email
      lifetimeValue {
        currency
        amount
      }
      history(first: $first) {
        totalCount
        edges {
          node {
            __typename
            ... on Interaction {
              type
              direction
              subject
              occurredAt
            }
            ... on Transaction {
              kind
              status
              amount
              currency
              occurredAt
            }
          }
        }
      }
    }
  }
`);
