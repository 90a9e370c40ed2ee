/** Word lists for the generated data; made up, no external data. */

export const WESTERN_FIRST_NAMES = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Sarah",
  "Charles",
  "Karen",
  "Daniel",
  "Nancy",
  "Matthew",
  "Lisa",
  "Anthony",
  "Betty",
  "Mark",
  "Sandra",
  "Paul",
  "Ashley",
  "Steven",
  "Emily",
  "Andrew",
  "Donna",
  "Joshua",
  "Michelle",
  "Lukas",
  "Hannah",
  "Léa",
  "Hugo",
  "Chloé",
  "Jürgen",
  "Sören",
  "Zoë",
  "Renée",
  "Yuki",
  "Haruto",
  "Sakura",
] as const;

export const WESTERN_LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Gonzalez",
  "Wilson",
  "Anderson",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Thompson",
  "White",
  "Harris",
  "Clark",
  "Lewis",
  "Walker",
  "Hall",
  "Young",
  "King",
  "Wright",
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Dubois",
  "Lefèvre",
  "Moreau",
  "O'Brien",
  "McDonald",
  "Tanaka",
  "Suzuki",
  "Watanabe",
  "van der Berg",
  "da Silva",
] as const;

/** Chinese family and given names with their pinyin, for e-mail addresses. */
export const CHINESE_FAMILY_NAMES: readonly (readonly [string, string])[] = [
  ["王", "wang"],
  ["李", "li"],
  ["张", "zhang"],
  ["刘", "liu"],
  ["陈", "chen"],
  ["杨", "yang"],
  ["黄", "huang"],
  ["赵", "zhao"],
  ["吴", "wu"],
  ["周", "zhou"],
  ["徐", "xu"],
  ["孙", "sun"],
  ["马", "ma"],
  ["朱", "zhu"],
  ["胡", "hu"],
  ["欧阳", "ouyang"],
];

export const CHINESE_GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ["伟", "wei"],
  ["芳", "fang"],
  ["娜", "na"],
  ["敏", "min"],
  ["静", "jing"],
  ["丽", "li"],
  ["强", "qiang"],
  ["磊", "lei"],
  ["军", "jun"],
  ["洋", "yang"],
  ["勇", "yong"],
  ["艳", "yan"],
  ["杰", "jie"],
  ["娟", "juan"],
  ["涛", "tao"],
  ["明", "ming"],
  ["超", "chao"],
  ["秀英", "xiuying"],
  ["华", "hua"],
  ["建国", "jianguo"],
  ["子涵", "zihan"],
  ["浩然", "haoran"],
];

export const EMAIL_DOMAINS = ["example.com", "example.org", "mail.example.net", "corp.example", "example.co.uk", "example.de", "example.cn"] as const;
export const CHINESE_EMAIL_DOMAINS = ["example.cn", "qq.example", "163.example", "example.com.cn"] as const;

export const COMPANY_WORDS = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Hooli",
  "Vandelay",
  "Soylent",
  "Tyrell",
  "Cyberdyne",
  "Wonka",
  "Northwind",
  "Contoso",
  "Fabrikam",
  "Litware",
  "Adatum",
  "Blue Yonder",
  "Alpine",
  "Summit",
  "Harbor",
  "Evergreen",
] as const;
export const COMPANY_KINDS = ["Logistics", "Foods", "Systems", "Consulting", "Trading", "Labs", "Media", "Health", "Energy", "Retail"] as const;
export const COMPANY_SUFFIXES = ["Inc.", "LLC", "GmbH", "Ltd", "S.A.", "Co.", "AG", "plc"] as const;
export const CHINESE_COMPANIES = [
  "华为技术有限公司",
  "上海贸易有限公司",
  "北京科技有限公司",
  "深圳电子有限公司",
  "杭州网络科技有限公司",
  "广州食品有限公司",
] as const;

export const JOB_TITLES = [
  "CEO",
  "CTO",
  "Head of Sales",
  "Account Manager",
  "Purchasing Manager",
  "Office Manager",
  "Software Engineer",
  "Buyer",
  "Marketing Director",
  "Operations Lead",
  "Consultant",
  "Founder",
  "VP, Finance",
  "Store Manager",
  "采购经理",
  "销售总监",
] as const;

export const LEAD_SOURCES = ["web", "referral", "trade show", "partner", "cold call", "newsletter", "广告", "展会"] as const;

export const TAGS = ["vip", "newsletter", "wholesale", "b2b", "b2c", "churn-risk", "early-adopter", "重点客户", "批发", "贵宾"] as const;
export const TAG_SEPARATORS = [", ", ";", "; ", "、", ","] as const;

export const TRANSACTION_DESCRIPTIONS = [
  "Online order",
  "Subscription renewal",
  "Annual plan",
  "Consulting, 3 hours",
  "Spare parts",
  "Gift card",
  "Workshop ticket",
  "年度会员",
  "线上订单",
  "配件",
  "Shipping fee",
  'Support contract "Gold"',
] as const;

/** Countries the customers live in, with the ways files write them, cities and phone formats. */
export interface CountryProfile {
  readonly code: string;
  readonly names: readonly string[];
  readonly cities: readonly string[];
  /** Share of customers, summing to 1 over the list. */
  readonly weight: number;
}

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: "US",
    names: ["US", "USA", "United States", "united states", "U.S.A."],
    cities: ["New York", "San Francisco", "Chicago", "Austin", "Seattle", "Boston"],
    weight: 0.4,
  },
  { code: "CN", names: ["CN", "China", "中国", "CHN", "PRC"], cities: ["上海", "北京", "Shenzhen", "Hangzhou", "广州", "Chengdu"], weight: 0.2 },
  { code: "DE", names: ["DE", "Germany", "Deutschland", "germany"], cities: ["Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main"], weight: 0.12 },
  { code: "GB", names: ["GB", "UK", "United Kingdom", "Great Britain"], cities: ["London", "Manchester", "Edinburgh", "Bristol"], weight: 0.1 },
  { code: "FR", names: ["FR", "France", "france", "Frankreich"], cities: ["Paris", "Lyon", "Marseille", "Toulouse"], weight: 0.1 },
  { code: "JP", names: ["JP", "Japan", "日本", "JPN"], cities: ["東京", "Osaka", "Kyoto", "Yokohama"], weight: 0.08 },
];

export const US_AREA_CODES = ["212", "312", "415", "617", "646", "206", "512", "305", "702", "303"] as const;
export const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
