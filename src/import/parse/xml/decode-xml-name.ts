/** An element name with its _xHHHH_ escapes (XmlConvert, Excel XML, our XML export) decoded: "VIP_x0020_level" is "VIP level". */
export const decodeXmlName = (name: string): string =>
  name.includes("_x") ? name.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;
