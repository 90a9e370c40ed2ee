/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation PreviewImport($input: PreviewImportInput!) {\n    previewImport(input: $input) {\n      format\n      encoding\n      headers\n      suggestedMapping {\n        source\n        target\n        confidence\n      }\n      sampleErrors {\n        row\n        column\n        code\n        message\n      }\n      warnings {\n        code\n        message\n      }\n    }\n  }\n": typeof types.PreviewImportDocument,
    "\n  mutation StartImport($input: StartImportInput!) {\n    startImport(input: $input) {\n      job {\n        id\n        status\n        fileName\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.StartImportDocument,
    "\n  subscription ImportProgress($jobId: ID!) {\n    importProgress(jobId: $jobId) {\n      status\n      processedRows\n      totalRows\n      insertedCount\n      updatedCount\n      unchangedCount\n      skippedCount\n      failedCount\n      progress\n      rowsPerSecond\n    }\n  }\n": typeof types.ImportProgressDocument,
    "\n  subscription ImportErrors($jobId: ID!, $after: String) {\n    importErrors(jobId: $jobId, after: $after) {\n      cursor\n      errors {\n        row\n        column\n        field\n        value\n        code\n        message\n      }\n    }\n  }\n": typeof types.ImportErrorsDocument,
    "\n  query CustomerHistory($externalId: String!, $first: Int!) {\n    customer(externalId: $externalId) {\n      displayName\n      email\n      lifetimeValue {\n        currency\n        amount\n      }\n      history(first: $first) {\n        totalCount\n        edges {\n          node {\n            __typename\n            ... on Interaction {\n              type\n              direction\n              subject\n              occurredAt\n            }\n            ... on Transaction {\n              kind\n              status\n              amount\n              currency\n              occurredAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerHistoryDocument,
};
const documents: Documents = {
    "\n  mutation PreviewImport($input: PreviewImportInput!) {\n    previewImport(input: $input) {\n      format\n      encoding\n      headers\n      suggestedMapping {\n        source\n        target\n        confidence\n      }\n      sampleErrors {\n        row\n        column\n        code\n        message\n      }\n      warnings {\n        code\n        message\n      }\n    }\n  }\n": types.PreviewImportDocument,
    "\n  mutation StartImport($input: StartImportInput!) {\n    startImport(input: $input) {\n      job {\n        id\n        status\n        fileName\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.StartImportDocument,
    "\n  subscription ImportProgress($jobId: ID!) {\n    importProgress(jobId: $jobId) {\n      status\n      processedRows\n      totalRows\n      insertedCount\n      updatedCount\n      unchangedCount\n      skippedCount\n      failedCount\n      progress\n      rowsPerSecond\n    }\n  }\n": types.ImportProgressDocument,
    "\n  subscription ImportErrors($jobId: ID!, $after: String) {\n    importErrors(jobId: $jobId, after: $after) {\n      cursor\n      errors {\n        row\n        column\n        field\n        value\n        code\n        message\n      }\n    }\n  }\n": types.ImportErrorsDocument,
    "\n  query CustomerHistory($externalId: String!, $first: Int!) {\n    customer(externalId: $externalId) {\n      displayName\n      email\n      lifetimeValue {\n        currency\n        amount\n      }\n      history(first: $first) {\n        totalCount\n        edges {\n          node {\n            __typename\n            ... on Interaction {\n              type\n              direction\n              subject\n              occurredAt\n            }\n            ... on Transaction {\n              kind\n              status\n              amount\n              currency\n              occurredAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CustomerHistoryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PreviewImport($input: PreviewImportInput!) {\n    previewImport(input: $input) {\n      format\n      encoding\n      headers\n      suggestedMapping {\n        source\n        target\n        confidence\n      }\n      sampleErrors {\n        row\n        column\n        code\n        message\n      }\n      warnings {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').PreviewImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartImport($input: StartImportInput!) {\n    startImport(input: $input) {\n      job {\n        id\n        status\n        fileName\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').StartImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ImportProgress($jobId: ID!) {\n    importProgress(jobId: $jobId) {\n      status\n      processedRows\n      totalRows\n      insertedCount\n      updatedCount\n      unchangedCount\n      skippedCount\n      failedCount\n      progress\n      rowsPerSecond\n    }\n  }\n"): typeof import('./graphql.js').ImportProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ImportErrors($jobId: ID!, $after: String) {\n    importErrors(jobId: $jobId, after: $after) {\n      cursor\n      errors {\n        row\n        column\n        field\n        value\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').ImportErrorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerHistory($externalId: String!, $first: Int!) {\n    customer(externalId: $externalId) {\n      displayName\n      email\n      lifetimeValue {\n        currency\n        amount\n      }\n      history(first: $first) {\n        totalCount\n        edges {\n          node {\n            __typename\n            ... on Interaction {\n              type\n              direction\n              subject\n              occurredAt\n            }\n            ... on Transaction {\n              kind\n              status\n              amount\n              currency\n              occurredAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').CustomerHistoryDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
