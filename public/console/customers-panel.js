// Panel 3: customers page by page (keyset cursors), and one customer's history.
import { gql } from "./api.js";
import { $, formatCount, formatDate, formatMoney, h, say } from "./dom.js";

const PAGE_SIZE = 20;

const CUSTOMERS = `query Customers($first: Int, $after: String, $filter: CustomerFilter) {
  customers(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id displayName email phone company country tags } }
  }
}`;

// History is a union: each item says what it is in __typename, and fragments pick its fields.
const HISTORY = `query History($id: ID!, $after: String) {
  customer(id: $id) {
    displayName externalId email lastInteractionAt
    lifetimeValue { currency amount }
    history(first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        __typename
        ... on Interaction { type direction subject occurredAt }
        ... on Transaction { kind status amount currency description occurredAt }
      } }
    }
  }
}`;

const fact = (term, value) => h("div", {}, h("dt", {}, term), h("dd", {}, value));
const lower = (text) => (text ? text.toLowerCase() : "");

const historyRow = (item) =>
  item.__typename === "Transaction"
    ? h(
        "tr",
        {},
        h("td", {}, formatDate(item.occurredAt)),
        h("td", {}, `${lower(item.kind)} (${lower(item.status)})`),
        h("td", {}, item.description ?? ""),
        h("td", { class: "num" }, formatMoney(item)),
      )
    : h(
        "tr",
        {},
        h("td", {}, formatDate(item.occurredAt)),
        h("td", {}, [lower(item.type), lower(item.direction)].filter(Boolean).join(", ")),
        h("td", {}, item.subject ?? ""),
        h("td", {}, ""),
      );

export const createCustomersPanel = ({ requireKey }) => {
  const status = $("#customers-status");
  const previous = $("#customers-previous");
  const next = $("#customers-next");
  // `after` of each page visited: going back pops a cursor, going on pushes endCursor
  let cursors = [null];
  let endCursor = null;
  let history = { id: null, after: null };

  const load = async () => {
    const key = requireKey();
    if (!key) return;
    const search = $("#search").value.trim();
    try {
      const { customers } = await gql(key, CUSTOMERS, { first: PAGE_SIZE, after: cursors.at(-1), filter: search ? { search } : null });
      $("#customers tbody").replaceChildren(
        ...customers.edges.map(({ node }) =>
          h(
            "tr",
            {},
            h("td", {}, node.displayName),
            h("td", {}, node.email ?? ""),
            h("td", {}, node.phone ?? ""),
            h("td", {}, node.company ?? ""),
            h("td", {}, node.country ?? ""),
            h("td", {}, node.tags.join(", ")),
            h("td", {}, h("button", { type: "button", "aria-label": `History of ${node.displayName}`, onclick: () => openHistory(node.id) }, "History")),
          ),
        ),
      );
      endCursor = customers.pageInfo.endCursor;
      next.disabled = !customers.pageInfo.hasNextPage;
      previous.disabled = cursors.length === 1;
      const first = (cursors.length - 1) * PAGE_SIZE + 1;
      say(
        status,
        customers.totalCount === 0
          ? "No customers match."
          : `Customers ${formatCount(first)}–${formatCount(first + customers.edges.length - 1)} of ${formatCount(customers.totalCount)}.`,
      );
    } catch (error) {
      say(status, `Could not load customers: ${error.message}`, "error");
    }
  };

  const loadHistory = async (more) => {
    const key = requireKey();
    if (!key) return;
    const { customer } = await gql(key, HISTORY, { id: history.id, after: more ? history.after : null });
    const section = $("#history");
    if (!customer) {
      section.hidden = true;
      say(status, "That customer is gone.", "error");
      return;
    }
    $("#history-title").textContent = `History of ${customer.displayName}`;
    $("#history-facts").replaceChildren(
      fact("External id", customer.externalId ?? "—"),
      fact("Email", customer.email ?? "—"),
      fact("Lifetime value", customer.lifetimeValue.length ? customer.lifetimeValue.map(formatMoney).join(" · ") : "none"),
      fact("Last interaction", formatDate(customer.lastInteractionAt)),
      fact("Items", formatCount(customer.history.totalCount)),
    );
    const rows = customer.history.edges.map(({ node }) => historyRow(node));
    if (more) $("#history-table tbody").append(...rows);
    else $("#history-table tbody").replaceChildren(...rows);
    history.after = customer.history.pageInfo.endCursor;
    $("#history-more").hidden = !customer.history.pageInfo.hasNextPage;
    section.hidden = false;
  };

  const openHistory = async (id) => {
    history = { id, after: null };
    try {
      await loadHistory(false);
      $("#history-title").focus(); // keyboard and screen reader users land on what they opened
    } catch (error) {
      say(status, `Could not load the history: ${error.message}`, "error");
    }
  };

  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    cursors = [null];
    load();
  });
  next.addEventListener("click", () => {
    cursors.push(endCursor);
    load();
  });
  previous.addEventListener("click", () => {
    cursors.pop();
    load();
  });
  $("#history-more").addEventListener("click", () => loadHistory(true).catch((error) => say(status, error.message, "error")));

  return { load };
};
