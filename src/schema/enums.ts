import { registerEnumType } from "type-graphql";

export enum InteractionType {
  CALL = "CALL",
  EMAIL = "EMAIL",
  MEETING = "MEETING",
  NOTE = "NOTE",
  CHAT = "CHAT",
  SMS = "SMS",
  VISIT = "VISIT",
  OTHER = "OTHER",
}
export enum Direction {
  INBOUND = "INBOUND",
  OUTBOUND = "OUTBOUND",
}
export enum TransactionKind {
  PURCHASE = "PURCHASE",
  REFUND = "REFUND",
  PAYMENT = "PAYMENT",
  OTHER = "OTHER",
}
export enum TransactionStatus {
  PENDING = "PENDING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}
export enum Role {
  VIEWER = "VIEWER",
  IMPORTER = "IMPORTER",
  ADMIN = "ADMIN",
}
export enum CustomerOrderField {
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
}
export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
export enum OnExisting {
  OVERWRITE = "OVERWRITE",
  KEEP_EXISTING = "KEEP_EXISTING",
  FILL_BLANK = "FILL_BLANK",
  APPEND = "APPEND",
}

registerEnumType(InteractionType, {
  name: "InteractionType",
  description: "What kind of contact an interaction was.",
  valuesConfig: {
    CALL: { description: "A phone or video call." },
    EMAIL: { description: "An email." },
    MEETING: { description: "A scheduled meeting." },
    NOTE: { description: "An internal note about the customer." },
    CHAT: { description: "A chat or instant-messaging conversation." },
    SMS: { description: "A text message." },
    VISIT: { description: "An in-person visit." },
    OTHER: { description: "Anything else." },
  },
});
registerEnumType(Direction, {
  name: "Direction",
  description: "Who started an interaction.",
  valuesConfig: {
    INBOUND: { description: "The customer contacted the business." },
    OUTBOUND: { description: "The business contacted the customer." },
  },
});
registerEnumType(TransactionKind, {
  name: "TransactionKind",
  description: "What a transaction is; lifetimeValue counts completed PURCHASEs minus completed REFUNDs.",
  valuesConfig: {
    PURCHASE: { description: "The customer bought something; adds to lifetimeValue when COMPLETED." },
    REFUND: { description: "Money returned to the customer; subtracts from lifetimeValue when COMPLETED." },
    PAYMENT: { description: "A payment received (e.g. against an invoice); not counted in lifetimeValue." },
    OTHER: { description: "Anything else; not counted in lifetimeValue." },
  },
});
registerEnumType(TransactionStatus, {
  name: "TransactionStatus",
  description: "Where a transaction stands; only COMPLETED ones count in lifetimeValue.",
  valuesConfig: {
    PENDING: { description: "Not settled yet." },
    COMPLETED: { description: "Settled." },
    FAILED: { description: "Attempted and failed." },
    CANCELLED: { description: "Called off before settling." },
  },
});
registerEnumType(Role, {
  name: "Role",
  description: "VIEWER reads; IMPORTER also imports and writes; ADMIN also manages keys and templates.",
  valuesConfig: {
    VIEWER: { description: "May run queries and subscriptions; writes nothing." },
    IMPORTER: { description: "VIEWER, plus imports, reverts, record writes and bulk upserts." },
    ADMIN: { description: "IMPORTER, plus API keys, mapping templates and webhooks." },
  },
});
registerEnumType(CustomerOrderField, {
  name: "CustomerOrderField",
  description: "What the customers list is sorted by.",
  valuesConfig: {
    CREATED_AT: { description: "When the customer was created (or registered, if the import gave createdAt)." },
    UPDATED_AT: { description: "When the customer was last changed." },
  },
});
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: {
    ASC: { description: "Oldest (smallest) first." },
    DESC: { description: "Newest (largest) first." },
  },
});
registerEnumType(OnExisting, {
  name: "OnExisting",
  description: "What an import does with a mapped field of a customer that exists already (customer imports only).",
  valuesConfig: {
    OVERWRITE: { description: "The file's value replaces the stored one (the default); an empty cell keeps it. Tags are replaced, custom fields by key." },
    KEEP_EXISTING: { description: "The stored value is never changed; the file's value is written only into new customers." },
    FILL_BLANK: {
      description: "The file's value is written only where the stored value is empty (no value, empty text, no tags, a custom field key not set).",
    },
    APPEND: { description: "Tags only: the file's tags are added after the stored ones, none twice." },
  },
});
