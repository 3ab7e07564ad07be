/**
 * The catalog's object types (catalogs/core.json `types`, services.json
 * `service`) at run time, and the constructors the module objects use.
 */
import type { BodyInfo } from "../context.js";
import { ABSENT, type Value } from "../values.js";
import { fieldValues, firstFieldValue, trimOws, type HeaderField } from "./header-list.js";
import { formatIp, inSubnet, parseCidr, parseIp, sameAddress, type IpAddress } from "./ip.js";
import { configuredByCompiler, type MessageView, type ObjectSpec, orAbsent, stringArgument } from "./spec.js";
import type { LocalTime } from "./time.js";
import type { UriParts } from "./uri.js";

const ipSpec: ObjectSpec<IpAddress> = {
  typeName: "ip",
  properties: {
    text: (ip) => formatIp(ip),
    version: (ip) => ip.version,
  },
  methods: {
    is: (ip, args) => {
      const other = parseIp(stringArgument(args, 0) ?? "");
      return other !== undefined && sameAddress(ip, other);
    },
    in_subnet: (ip, args) => {
      const cidr = parseCidr(stringArgument(args, 0) ?? "");
      return cidr !== undefined && inSubnet(ip, cidr);
    },
  },
  text: (ip) => formatIp(ip),
};

/** An address from the context; ABSENT when there is none or it is not an IP address. */
export function ipValue(view: MessageView, text: string | undefined): Value {
  const ip = text === undefined ? undefined : parseIp(text);
  return ip ? view.object(ipSpec, ip) : ABSENT;
}

const timeSpec: ObjectSpec<LocalTime> = {
  typeName: "time",
  properties: {
    text: (time) => time.text,
    date: (time) => time.date,
    hour: (time) => time.hour,
    minute: (time) => time.minute,
    weekday: (time) => time.weekday,
  },
  text: (time) => time.text,
};

export function timeValue(view: MessageView, time: LocalTime | undefined): Value {
  return time ? view.object(timeSpec, time) : ABSENT;
}

const uriSpec: ObjectSpec<UriParts> = {
  typeName: "uri",
  properties: {
    text: (uri) => orAbsent(uri.text),
    scheme: (uri) => orAbsent(uri.scheme),
    host: (uri) => orAbsent(uri.host),
    port: (uri) => orAbsent(uri.port),
    path: (uri) => orAbsent(uri.path),
    query: (uri) => orAbsent(uri.query),
    extension: (uri) => orAbsent(uri.extension),
  },
  text: (uri) => uri.text ?? ABSENT,
};

export function uriValue(view: MessageView, parts: UriParts): Value {
  return view.object(uriSpec, parts);
}

interface HeaderFieldState {
  readonly name: string;
  readonly value?: string;
}

const headerSpec: ObjectSpec<HeaderFieldState> = {
  typeName: "header",
  properties: {
    name: (field) => field.name,
    value: (field) => orAbsent(field.value),
  },
  // The field line as a message would carry it.
  text: (field) => (field.value === undefined ? field.name : `${field.name}: ${field.value}`),
};

export function headerValue(view: MessageView, name: string, value: string | undefined): Value {
  return view.object(headerSpec, value === undefined ? { name } : { name, value });
}

/** Above this many fields a header section is indexed by lower-case name on first lookup; below, scanning is cheaper. */
const indexedSectionSize = 16;

/** A header section: the values of a field name, scanned for or looked up in an index. */
class HeaderSection {
  private index?: Map<string, string[]>;

  constructor(private readonly fields: readonly HeaderField[]) {}

  values(name: string): readonly string[] {
    if (this.fields.length <= indexedSectionSize) return fieldValues(this.fields, name);
    if (!this.index) {
      this.index = new Map();
      for (const [fieldName, value] of this.fields) {
        const key = fieldName.toLowerCase();
        const values = this.index.get(key);
        if (values) values.push(trimOws(value));
        else this.index.set(key, [trimOws(value)]);
      }
    }
    return this.index.get(name.toLowerCase()) ?? [];
  }

  /** The first value of a field name: `get`, the most read, needs no list of all of them. */
  first(name: string): string | undefined {
    return this.fields.length <= indexedSectionSize ? firstFieldValue(this.fields, name) : this.values(name)[0];
  }
}

const headersSpec: ObjectSpec<HeaderSection> = {
  typeName: "headers",
  methods: {
    have: (section, args) => {
      const [wanted] = args;
      if (typeof wanted === "string") return section.values(wanted).length > 0;
      if (typeof wanted !== "object" || wanted.typeName !== "header") return false;
      const name = wanted.member("name", "header.name");
      const value = wanted.member("value", "header.value");
      if (typeof name !== "string") return false;
      return value === ABSENT ? section.values(name).length > 0 : section.values(name).includes(String(value));
    },
    get: (section, args) => orAbsent(section.first(stringArgument(args, 0) ?? "")),
    all: (section, args) => {
      const values = section.values(stringArgument(args, 0) ?? "");
      return values.length > 0 ? values.join(", ") : ABSENT;
    },
    count: (section, args) => section.values(stringArgument(args, 0) ?? "").length,
  },
};

export function headersValue(view: MessageView, fields: readonly HeaderField[]): Value {
  return view.object(headersSpec, new HeaderSection(fields));
}

/** ESMTP parameters by lower-case keyword; the first of two spellings of one keyword wins. */
type Parameters = ReadonlyMap<string, string>;

const parametersSpec: ObjectSpec<Parameters> = {
  typeName: "parameters",
  methods: {
    have: (params, args) => params.has((stringArgument(args, 0) ?? "").toLowerCase()),
    get: (params, args) => orAbsent(params.get((stringArgument(args, 0) ?? "").toLowerCase())),
  },
};

export function parametersValue(view: MessageView, params: Readonly<Record<string, string>> | undefined): Value {
  const byKeyword = new Map<string, string>();
  for (const [keyword, value] of Object.entries(params ?? {})) {
    if (!byKeyword.has(keyword.toLowerCase())) byKeyword.set(keyword.toLowerCase(), value);
  }
  return view.object(parametersSpec, byKeyword);
}

export interface BodyFacts {
  readonly present: boolean;
  readonly size?: number;
}

const bodySpec: ObjectSpec<BodyFacts> = {
  typeName: "body",
  properties: {
    present: (body) => body.present,
    size: (body) => orAbsent(body.size),
  },
};

export function bodyValue(view: MessageView, facts: BodyFacts): Value {
  return view.object(bodySpec, facts);
}

/** The size a context gives for a body: its size, else the UTF-8 length of its text. */
export function givenBodySize(body: BodyInfo | undefined): number | undefined {
  return body?.size ?? (body?.text === undefined ? undefined : utf8Length(body.text));
}

function utf8Length(text: string): number {
  let octets = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    octets += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return octets;
}

/** Services are made by Services.findOne, which the compiler resolves; the model never holds one. */
const serviceSpec: ObjectSpec<unknown> = {
  typeName: "service",
  methods: { onFailure: configuredByCompiler },
};

/** Every object type the model implements, for implementedPaths(). */
export const typeSpecs: readonly ObjectSpec<never>[] = [
  ipSpec,
  timeSpec,
  uriSpec,
  headerSpec,
  headersSpec,
  parametersSpec,
  bodySpec,
  serviceSpec,
];
