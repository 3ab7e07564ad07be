import { isIP } from "node:net";
import type { CallExpression, Expression } from "../syntax/ast.js";
import { semanticDiagnostics as codes } from "../diagnostics/catalog/semantic.js";
import type { MethodMember, ParamInfo, SignatureInfo } from "./catalog.js";
import type { CheckerHost, Info } from "./checker.js";
import { checkRegexLiteral } from "./operators.js";
import { closest } from "./suggest.js";
import { acceptsType, describeType, typeName, withArticle } from "./types.js";

/** The parameter that takes argument `index` (the variadic last one takes all the rest). */
function paramAt(signature: SignatureInfo, index: number): ParamInfo | undefined {
  const last = signature.params[signature.params.length - 1];
  return signature.params[index] ?? (last?.variadic ? last : undefined);
}

function acceptsCount(signature: SignatureInfo, count: number): boolean {
  let required = 0;
  let variadic = false;
  for (const param of signature.params) {
    if (param.variadic) variadic = true;
    else if (!param.optional) required++;
  }
  return count >= required && (variadic || count <= signature.params.length);
}

/** Whether every argument has a type its parameter accepts. */
function acceptsTypes(signature: SignatureInfo, args: readonly Info[]): boolean {
  for (let i = 0; i < args.length; i++) if (!acceptsType(paramAt(signature, i)?.types ?? [], args[i]!.type)) return false;
  return true;
}

function arityText(signatures: readonly SignatureInfo[]): string {
  const counts = new Set<string>();
  for (const s of signatures) {
    const required = s.params.filter((p) => !p.optional && !p.variadic).length;
    counts.add(s.params.some((p) => p.variadic) ? `${required} or more` : String(required));
    for (let n = required + 1; n <= s.params.length && !s.params.some((p) => p.variadic); n++) counts.add(String(n));
  }
  const list = [...counts];
  const text = list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list.at(-1)}` : list[0]!;
  return `${text} argument${text === "1" ? "" : "s"}`;
}

function typesText(refs: readonly string[]): string {
  return refs.length === 1 ? refs[0]! : `${refs.slice(0, -1).join(", ")} or ${refs.at(-1)}`;
}

function signatureText(signature: SignatureInfo): string {
  return `(${signature.params.map((p) => `${p.variadic ? "..." : ""}${typesText(p.types)}${p.optional ? "?" : ""}`).join(", ")})`;
}

/** The first signature (overloads are tried in order) that takes these arguments; reports when none does. */
export function selectSignature(host: CheckerHost, call: CallExpression, method: MethodMember, args: readonly Info[]): SignatureInfo | undefined {
  for (const signature of method.signatures) if (acceptsCount(signature, args.length) && acceptsTypes(signature, args)) return signature;
  reportNoSignature(host, call, method, args);
  return undefined;
}

function reportNoSignature(host: CheckerHost, call: CallExpression, method: MethodMember, args: readonly Info[]): void {
  const byCount = method.signatures.filter((s) => acceptsCount(s, args.length));
  if (byCount.length === 0) {
    const given = args.length;
    host.report(codes.wrongArity, call.span, `\`${method.path}\` takes ${arityText(method.signatures)}, but ${given} ${given === 1 ? "was" : "were"} given`);
  } else if (byCount.length === 1) reportArgumentTypes(host, call, method, byCount[0]!, args);
  else {
    const given = args.map((a) => typeName(a.type)).join(", ");
    host.report(codes.argumentTypeMismatch, call.span, `no signature of \`${method.path}\` accepts (${given}); it takes ${byCount.map(signatureText).join(" or ")}`);
  }
}

function reportArgumentTypes(host: CheckerHost, call: CallExpression, method: MethodMember, signature: SignatureInfo, args: readonly Info[]): void {
  args.forEach((arg, index) => {
    const param = paramAt(signature, index);
    if (!param || acceptsType(param.types, arg.type)) return;
    host.report(codes.argumentTypeMismatch, call.args[index]!.span, `argument ${index + 1} of \`${method.path}\` (${param.name}) must be ${withArticle(typesText(param.types))}, not ${describeType(arg.type)}`);
  });
}

function isLiteral(expression: Expression): boolean {
  return expression.kind === "StringLiteral" || expression.kind === "NumberLiteral" || expression.kind === "BooleanLiteral";
}

/** Literal-only parameters, allowed values and literal syntax (IP address, CIDR subnet, regular expression). */
export function checkArguments(host: CheckerHost, call: CallExpression, method: MethodMember, signature: SignatureInfo): void {
  for (let index = 0; index < call.args.length; index++) {
    const param = paramAt(signature, index);
    if (param) checkArgument(host, call.args[index]!, param, method);
  }
}

function checkArgument(host: CheckerHost, arg: Expression, param: ParamInfo, method: MethodMember): void {
  if (param.literal && !isLiteral(arg)) {
    host.report(codes.argumentNotLiteral, arg.span, `the ${param.name} given to \`${method.path}\` must be a literal, known when the rules are compiled`);
    return;
  }
  if (arg.kind !== "StringLiteral") return;
  if (param.enum && !param.enum.includes(arg.value)) {
    const best = closest(arg.value, param.enum);
    host.report(codes.invalidArgumentValue, arg.span, `"${arg.value}" is not a ${param.name} of \`${method.path}\`${best ? `; did you mean "${best}"?` : ""} (allowed: ${param.enum.map((v) => `"${v}"`).join(", ")})`);
    return;
  }
  checkFormat(host, arg, param, method);
}

function checkFormat(host: CheckerHost, arg: Extract<Expression, { kind: "StringLiteral" }>, param: ParamInfo, method: MethodMember): void {
  switch (param.format) {
    case "ip":
      if (isIP(arg.value) === 0) host.report(codes.invalidArgumentValue, arg.span, `"${arg.value}" is not an IP address (\`${method.path}\` wants one such as "192.0.2.7" or "2001:db8::1")`);
      return;
    case "cidr":
      if (!isCidr(arg.value)) host.report(codes.invalidArgumentValue, arg.span, `"${arg.value}" is not a CIDR subnet (\`${method.path}\` wants one such as "192.0.2.0/24" or "2001:db8::/32")`);
      return;
    case "ere":
      checkRegexLiteral(host, arg);
      return;
    case undefined:
      return;
  }
}

/** `address/prefix` with a prefix no longer than the address. */
export function isCidr(text: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return false;
  const version = isIP(match[1]!);
  const prefix = Number(match[2]);
  return version !== 0 && prefix <= (version === 4 ? 32 : 128);
}
