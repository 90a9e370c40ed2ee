// The column layouts of the exports in test/fixtures/vendor/ (file, encoding, delimiter, and every
// header with the field the default mapping gives it, null when unmapped), shared by the unit and
// the integration tests. A second column for a field already taken (Mobile after Phone, Email -
// Home after Email - Work) stays unmapped: a customer has one phone and one email, and custom
// fields are kept on request; so do columns with no field (Lifecycle Stage, Contact owner).
export const VENDOR_LAYOUTS: readonly [string, string, string, Record<string, string | null>][] = [
  ["hubspot-contacts.csv", "UTF-8", ",", {
    "Record ID": "externalId", "First Name": "firstName", "Last Name": "lastName", Email: "email", "Phone Number": "phone",
    "Mobile Phone Number": null, "Job Title": "jobTitle", "Company Name": "company", City: "city", "State/Region": null,
    "Country/Region": "country", "Postal Code": null, "Lifecycle Stage": null, "Lead Status": null, "Contact owner": null,
    "Create Date": "createdAt", "Last Activity Date": null, "Marketing contact status": null,
  }],
  ["salesforce-data-loader-contacts.csv", "UTF-8", ",", {
    Id: "externalId", FirstName: "firstName", LastName: "lastName", Email: "email", Phone: "phone", MobilePhone: null,
    Title: "jobTitle", MailingCity: "city", MailingCountry: "country", AccountId: null, "Account.Name": "company",
    CreatedDate: "createdAt", OwnerId: null, LeadSource: null,
  }],
  ["salesforce-data-loader-uppercase-contacts.csv", "UTF-8", ",", {
    ID: "externalId", FIRSTNAME: "firstName", LASTNAME: "lastName", EMAIL: "email", PHONE: "phone", MOBILEPHONE: null,
    TITLE: "jobTitle", MAILINGCITY: "city", MAILINGCOUNTRY: "country", ACCOUNTID: null, "ACCOUNT.NAME": "company", CREATEDDATE: "createdAt",
  }],
  ["zoho-crm-contacts.csv", "UTF-8", ",", {
    "Record Id": "externalId", "Contact Owner": null, "Lead Source": null, "First Name": "firstName", "Last Name": "lastName",
    "Full Name": "name", "Account Name": "company", Email: "email", "Secondary Email": null, Title: "jobTitle", Department: null,
    Phone: "phone", Mobile: null, "Home Phone": null, "Date of Birth": null, "Email Opt Out": null, "Mailing Street": null,
    "Mailing City": "city", "Mailing State": null, "Mailing Zip": null, "Mailing Country": "country", Description: null,
    Tag: "tags", "Created Time": "createdAt", "Modified Time": null,
  }],
  ["odoo-res-partner.csv", "UTF-8", ",", {
    "External ID": "externalId", Name: "name", "Company Type": null, "Related Company": "company", "Job Position": "jobTitle",
    Email: "email", Phone: "phone", Mobile: null, Street: null, City: "city", Zip: null, Country: "country", Tags: "tags",
    Reference: null, Salesperson: null, "Created on": "createdAt",
  }],
  ["twenty-people.csv", "UTF-8", ",", {
    Id: "externalId", "Name First Name": "firstName", "Name Last Name": "lastName", "Emails Primary Email": "email",
    "Emails Additional Emails": null, "Phones Primary Phone Number": "phone", "Phones Primary Phone Country Code": null,
    "Phones Primary Phone Calling Code": null, "Linkedin Link Url": null, "Job Title": "jobTitle", City: "city", "Avatar Url": null,
    "Creation date": "createdAt", "Last update": null, "Created by Source": null,
  }],
  ["pipedrive-persons.csv", "UTF-8", ",", {
    "Person - ID": "externalId", "Person - Name": "name", "Person - First name": "firstName", "Person - Last name": "lastName",
    "Person - Organization": "company", "Person - Email - Work": "email", "Person - Email - Home": null, "Person - Phone - Work": "phone",
    "Person - Phone - Mobile": null, "Person - Label": "tags", "Person - Owner": null, "Person - Person created": "createdAt",
    "Person - Update time": null, "Person - Visible to": null, "Person - Postal address": null,
  }],
  ["excel-gb18030-contacts.csv", "GB18030", ",", {
    客户编号: "externalId", 姓名: "name", 手机: "phone", 电子邮件: "email", 公司名称: "company", 职位: "jobTitle", 城市: "city",
    国家: "country", 标签: "tags", 创建日期: "createdAt",
  }],
  ["wps-gb18030-contacts.csv", "GB18030", ",", {
    序号: null, 客户姓名: "name", 性别: null, 手机号码: "phone", 电子邮箱: "email", 单位名称: "company", 职务: "jobTitle",
    所在城市: "city", 注册时间: "createdAt", 备注: null,
  }],
  // 電話 is empty in one of two rows, 手機 in none: the fuller phone column wins.
  ["excel-big5-contacts.csv", "Big5", ",", {
    客戶編號: "externalId", 姓名: "name", 電話: null, 手機: "phone", 電子郵件: "email", 公司名稱: "company", 地址: null,
    城市: "city", 國家: "country", 建立日期: "createdAt",
  }],
  ["excel-unicode-text-contacts.txt", "UTF-16LE", "\t", {
    客戶編號: "externalId", 姓名: "name", 行動電話: "phone", 電子郵件: "email", 公司名稱: "company", 職稱: "jobTitle",
    城市: "city", 國家: "country", 建立日期: "createdAt",
  }],
];

/** The fixture's header → field pairs the default mapping must produce (unmapped columns left out). */
export const mappedPairs = (name: string): { source: string; target: string }[] =>
  Object.entries(VENDOR_LAYOUTS.find(([file]) => file === name)![3]).flatMap(([source, target]) => (target === null ? [] : [{ source, target }]));
