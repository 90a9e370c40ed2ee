import { Field, ObjectType } from "type-graphql";
import { ImportEntity } from "./import.types.js";

@ObjectType({ description: "Empty files to fill in for an import: the field names as headers and one example row. They import back with no mapping." })
export class ImportTemplate {
  @Field(() => ImportEntity, { description: "The kind of record the files are for." }) entity!: ImportEntity;
  @Field({ description: "CSV template (UTF-8 with a BOM); downloads without an API key." }) csvUrl!: string;
  @Field({ description: "XLSX template with a second sheet describing each field; downloads without an API key." }) xlsxUrl!: string;
}
