import type { ApolloServerPlugin } from "@apollo/server";

/**
 * Every answer depends on the caller's key, so none may be cached: the header Apollo's
 * cache-control plugin would send, without that plugin's hook on every resolved field.
 */
export const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set("cache-control", "no-store");
      },
    };
  },
};
