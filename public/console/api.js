// GraphQL over HTTP from a browser: queries and mutations as JSON, file uploads as multipart
// requests, downloads with the bearer key. The page and the API share an origin here; a
// frontend on another origin uses the same calls once that origin is in CORS_ORIGINS.

export const GRAPHQL_URL = new URL("/graphql", location.href).toString();

/** An error the API answered with: the GraphQL `extensions.code` (or HTTP status) and its message. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const bearer = (key) => ({ authorization: `Bearer ${key}` });

/** Reads a GraphQL response; throws the first GraphQL error, with its code. */
const readResult = async (response) => {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}.`, `HTTP_${response.status}`);
  }
  const [first] = body.errors ?? [];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${response.status}`);
  return body.data;
};

/** A query or mutation with JSON variables. */
export const gql = async (key, query, variables = {}) => {
  const response = await fetch(GRAPHQL_URL, {
    method: "POST",
    headers: { ...bearer(key), "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return readResult(response);
};

/**
 * A mutation with one file at `variables.input.file`, as the GraphQL multipart request spec
 * describes it: three form fields, in this order.
 *   operations: the query and variables, with `null` where the file goes
 *   map:        which form field fills which variable: { "0": ["variables.input.file"] }
 *   0:          the file itself
 */
export const gqlUpload = async (key, query, input, file) => {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: { input: { ...input, file: null } } }));
  form.append("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.append("0", file, file.name);
  const response = await fetch(GRAPHQL_URL, {
    method: "POST",
    headers: {
      ...bearer(key),
      // Apollo's CSRF prevention refuses a multipart request without this header: a plain
      // HTML form cannot send it, so only a script that may call the API can upload.
      "apollo-require-preflight": "true",
      // No content-type here: the browser writes multipart/form-data with its boundary.
    },
    body: form,
  });
  return readResult(response);
};

/**
 * Downloads a file that needs the API key. A plain <a href> cannot send an Authorization
 * header, so: fetch with the key, then save the body through a temporary object URL.
 */
export const downloadWithKey = async (key, url, fallbackName) => {
  const response = await fetch(url, { headers: bearer(key) });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(body?.errors?.[0]?.message ?? `The download failed (${response.status}).`, `HTTP_${response.status}`);
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const objectUrl = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: objectUrl, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // give the browser time to start reading the blob before it is released
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return name;
};
