import { registerEnumType } from "type-graphql";

export enum InteractionType { CALL = "CALL", EMAIL = "EMAIL", MEETING = "MEETING", NOTE = "NOTE", CHAT = "CHAT", SMS = "SMS", VISIT = "VISIT", OTHER = "OTHER" }
export enum Direction { INBOUND = "INBOUND", OUTBOUND = "OUTBOUND" }
export enum TransactionKind { PURCHASE = "PURCHASE", REFUND = "REFUND", PAYMENT = "PAYMENT", OTHER = "OTHER" }
export enum TransactionStatus { PENDING = "PENDING", COMPLETED = "COMPLETED", FAILED = "FAILED", CANCELLED = "CANCELLED" }
export enum Role { VIEWER = "VIEWER", IMPORTER = "IMPORTER", ADMIN = "ADMIN" }
export enum CustomerOrderField { CREATED_AT = "CREATED_AT", UPDATED_AT = "UPDATED_AT" }
export enum OrderDirection { ASC = "ASC", DESC = "DESC" }

registerEnumType(InteractionType, { name: "InteractionType" });
registerEnumType(Direction, { name: "Direction" });
registerEnumType(TransactionKind, { name: "TransactionKind" });
registerEnumType(TransactionStatus, { name: "TransactionStatus" });
registerEnumType(Role, { name: "Role", description: "VIEWER reads; IMPORTER also imports and writes; ADMIN also manages keys and templates." });
registerEnumType(CustomerOrderField, { name: "CustomerOrderField" });
registerEnumType(OrderDirection, { name: "OrderDirection" });
