import type { Span } from "../../diagnostics/source.js";
import { irmlDiagnostics as codes } from "../../diagnostics/catalog/irml.js";
import type * as A from "../ast.js";
import { dottedPath, pathCall, samePath } from "./ast-nodes.js";
import type * as M from "./model.js";
import { expressionProperty, type PropertyRef } from "./properties.js";
import type { DiagnosticSink } from "./sink.js";
import { FAILURE_MODES, STANDARD_SUB_SYSTEM, type FailureMode } from "./vocabulary.js";
import { hasUnencodableCharacter } from "./write-xml.js";

/**
 * Converts a program to the IRML model, for the subset IRML can express
 * (docs/irml.md §3). Everything else gets an error naming the construct;
 * nothing is dropped silently.
 */
export function programToModel(program: A.Program, sink: DiagnosticSink): M.IrmlModule {
  return new Converter(sink).module(program);
}

const HTTP_POINTS: Readonly<Record<string, number>> = { request_in: 1, request_out: 2, response_in: 3, response_out: 4 };

/** A service object: `x := Services.findOne(…)` and the configuration calls made on it. */
interface ServiceObject {
  readonly uri: A.StringLiteral;
  readonly label?: A.StringLiteral;
  readonly span: Span;
  readonly settings: Setting[];
}

/** One configuration call, `x.level(v)` or `x.onFailure("ignore")`, and the block it was made in. */
interface Setting {
  readonly method: string;
  readonly call: A.CallExpression;
  readonly scope: Scope;
}

type Binding =
  | { readonly kind: "service"; readonly object: ServiceObject; readonly scope: Scope }
  | { readonly kind: "value"; readonly value: A.Expression; readonly scope: Scope };

/** Lexical blocks: IRML can only follow a name into the blocks its binding encloses. */
class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(readonly parent?: Scope) {}

  bind(name: string, binding: Binding): void {
    this.bindings.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  encloses(other: Scope): boolean {
    for (let scope: Scope | undefined = other; scope; scope = scope.parent) if (scope === this) return true;
    return false;
  }
}

/** A condition IRML can hold in one `property` element. */
interface PropertyTest {
  readonly ref: PropertyRef;
  readonly negated: boolean;
  readonly pattern: string;
  readonly caseSensitive: boolean;
  readonly span: Span;
}

class Converter {
  constructor(private readonly sink: DiagnosticSink) {}

  module(program: A.Program): M.IrmlModule {
    const scope = new Scope();
    const rulesets: M.IrmlRuleSet[] = [];
    for (const item of program.items) {
      if (item.kind === "RuleSet") rulesets.push(this.ruleset(item, scope));
      else this.declaration(item, scope, "outside a ruleset");
    }
    if (!program.header) this.inexpressible({ start: 0, end: 0 }, "a program without a 'rulemodule' header: an IRML module needs an author");
    return {
      span: program.span,
      tagSpan: program.span,
      ...(program.header ? { author: this.author(program.header) } : {}),
      rulesets,
      comments: program.comments.map((c) => ({ text: commentBody(c), span: c.span })),
    };
  }

  private inexpressible(span: Span, what: string): void {
    this.sink.report(codes.irmlInexpressible, span, `IRML cannot express ${what}`);
  }

  /** How many diagnostics exist now; an "empty" block after new errors is their consequence, not news. */
  private mark(): number {
    return this.sink.diagnostics.length;
  }

  private quietSince(mark: number): boolean {
    return this.sink.diagnostics.length === mark;
  }

  // ----- header and rulesets -----

  private author(header: A.ModuleHeader): M.IrmlAuthor {
    if (header.uri) {
      this.sink.report(codes.irmlConversionDropped, header.uri.span, "IRML modules have no URI; the module URI is left out");
    }
    const field = (key: A.HeaderFieldName) => header.fields.find((f) => f.key === key)?.value;
    const id = field("id");
    if (!id) this.inexpressible(header.span, "a module header without an 'id': IRML's <author> needs one");
    return {
      span: header.span,
      type: header.author,
      typeSpan: header.authorSpan,
      ...this.party(field("name"), field("contact"), id, header.span, "module"),
    };
  }

  private ruleset(ruleset: A.RuleSet, outer: Scope): M.IrmlRuleSet {
    const scope = new Scope(outer);
    const field = (key: A.HeaderFieldName) => ruleset.fields.find((f) => f.key === key)?.value;
    const protocol = ruleset.protocol.name.toUpperCase();
    if (protocol !== "HTTP") this.inexpressible(ruleset.protocol.span, `a ruleset for protocol ${ruleset.protocol.name}: IRML's points 1–4 are HTTP's`);
    const rules: M.IrmlRule[] = [];
    const mark = this.mark();
    for (const statement of ruleset.body) {
      if (statement.kind === "PointBlock") rules.push(...this.pointBlock(statement, scope));
      else this.declaration(statement, scope, "directly in a ruleset");
    }
    if (rules.length === 0 && this.quietSince(mark)) this.inexpressible(ruleset.span, "a ruleset without rules: IRML needs at least one <rule> in each <ruleset>");
    return {
      span: ruleset.span,
      tagSpan: ruleset.span,
      authorizedBy: {
        ...this.party(field("name"), field("contact"), ruleset.authorizedBy, ruleset.span, "ruleset"),
        span: ruleset.span,
        endpoint: ruleset.endpoint,
        endpointSpan: ruleset.endpointSpan,
        group: ruleset.group,
        groupSpan: ruleset.endpointSpan,
      },
      protocol: this.text(protocol, ruleset.protocol.span),
      rules,
    };
  }

  /** IRML requires a name; where P has none, the id stands in (names are descriptive only). */
  private party(name: A.StringLiteral | undefined, contact: A.StringLiteral | undefined, id: A.StringLiteral | undefined, span: Span, owner: string): Omit<M.IrmlParty, "span"> {
    if (!name && id) {
      this.sink.report(codes.irmlConversionAdjusted, span, `this ${owner} has no 'name', which IRML requires; its id '${id.value}' is used as the name`);
    }
    const nameText = name ?? id;
    return {
      ...(nameText ? { name: this.trimmedText(nameText) } : {}),
      ...(contact ? { contact: this.trimmedText(contact) } : {}),
      ...(id ? { id: this.trimmedText(id) } : {}),
    };
  }

  /** Statements that only bind names are fine anywhere; others need a point block. */
  private declaration(statement: A.Statement, scope: Scope, where: string): void {
    if (statement.kind === "Assignment") this.bind(statement, scope);
    else if (statement.kind !== "Empty") this.inexpressible(statement.span, `${describeStatement(statement)} ${where}`);
  }

  private pointBlock(block: A.PointBlock, scope: Scope): M.IrmlRule[] {
    const point = block.point.kind === "NumberLiteral" ? block.point.value : HTTP_POINTS[block.point.name];
    if (point === undefined || point < 1 || point > 4 || !Number.isInteger(point)) {
      const written = block.point.kind === "NumberLiteral" ? String(block.point.value) : block.point.name;
      this.inexpressible(block.point.span, `point '${written}': IRML has the HTTP points 1–4 only`);
      return [];
    }
    const mark = this.mark();
    const body = this.statements(block.body.body, new Scope(scope));
    if (body.length === 0) {
      if (this.quietSince(mark)) this.sink.report(codes.irmlConversionDropped, block.span, "this point block requests no service; IRML has no empty rule, so it is left out");
      return [];
    }
    return [{ span: block.span, point: { value: point, span: block.point.span }, body }];
  }

  // ----- statements -----

  private statements(statements: readonly A.Statement[], scope: Scope): M.IrmlAction[] {
    return statements.flatMap((statement) => this.statement(statement, scope));
  }

  private statement(statement: A.Statement, scope: Scope): M.IrmlAction[] {
    switch (statement.kind) {
      case "Empty":
        return [];
      case "Block":
        return this.statements(statement.body, new Scope(scope));
      case "Assignment":
        this.bind(statement, scope);
        return [];
      case "If":
        return this.ifStatement(statement, scope);
      case "ExpressionStatement":
        return this.expressionStatement(statement.expression, scope);
      case "PointBlock":
        this.inexpressible(statement.span, "a point block nested in another block");
        return [];
    }
  }

  private bind(statement: A.AssignmentStatement, scope: Scope): void {
    const value = statement.value;
    const lookup = pathCall(value);
    if (lookup && samePath(lookup.path, ["Services", "findOne"])) {
      const object = this.serviceObject(value as A.CallExpression);
      if (object) scope.bind(statement.name.name, { kind: "service", object, scope });
      return;
    }
    if (value.kind === "Unary" && value.operator === "import") {
      this.inexpressible(statement.span, "'import': IRML modules use the standard properties only");
      return;
    }
    scope.bind(statement.name.name, { kind: "value", value, scope });
  }

  private serviceObject(findOne: A.CallExpression): ServiceObject | undefined {
    const [uri, label, ...extra] = findOne.args;
    if (uri?.kind !== "StringLiteral" || (label && label.kind !== "StringLiteral") || extra.length > 0) {
      this.inexpressible(findOne.span, "this Services.findOne call: IRML needs a literal URI and, optionally, a literal descriptive name");
      return undefined;
    }
    this.checkEncodable(uri);
    if (label?.kind === "StringLiteral") this.checkEncodable(label);
    return { uri, ...(label?.kind === "StringLiteral" ? { label } : {}), span: findOne.span, settings: [] };
  }

  private ifStatement(statement: A.IfStatement, scope: Scope): M.IrmlAction[] {
    const [first, ...rest] = statement.branches;
    for (const branch of rest) this.inexpressible(branch.span, "'elsif': IRML conditions have no else branch; write separate rules with exact conditions");
    if (statement.otherwise) this.inexpressible(statement.otherwise.span, "'else': IRML conditions have no else branch; write a separate rule with the opposite condition");
    if (!first) return [];
    const tests = this.condition(first.condition, scope, new Set());
    const mark = this.mark();
    const body = this.statements(first.body.body, new Scope(scope));
    if (!tests) return [];
    if (body.length === 0) {
      if (this.quietSince(mark)) this.sink.report(codes.irmlConversionDropped, first.span, "this 'if' requests no service; IRML has no empty property, so it is left out");
      return [];
    }
    // `a and b` becomes a property for `a` holding a property for `b`: nesting is IRML's AND.
    // The outermost one stands for the whole statement, so comments before the `if` precede it.
    return tests.reduceRight<M.IrmlAction[]>((inner, test, index) => [this.property(test, inner, index === 0 ? statement.span : test.span)], body);
  }

  private property(test: PropertyTest, body: M.IrmlAction[], span: Span): M.IrmlProperty {
    this.checkEncodableValue(test.ref.name, test.span);
    this.checkEncodableValue(test.pattern, test.span);
    return {
      kind: "property",
      span,
      tagSpan: test.span,
      ref: this.reference(test.ref, test.span),
      test: { negated: test.negated, pattern: test.pattern, operatorSpan: test.span, patternSpan: test.span },
      caseSensitive: test.caseSensitive,
      body,
    };
  }

  private reference(ref: PropertyRef, span: Span): M.IrmlPropertyRef {
    return { span, context: ref.context, name: ref.name, nameSpan: span, nameValueSpan: span, subSystem: STANDARD_SUB_SYSTEM, subSystemSpan: span };
  }

  private expressionStatement(expression: A.Expression, scope: Scope): M.IrmlAction[] {
    if (isApplication(expression)) {
      const execute = this.execute(expression, scope);
      return execute ? [execute] : [];
    }
    const configured = this.configuration(expression, scope);
    if (!configured) this.inexpressible(expression.span, describeExpression(expression));
    return [];
  }

  /** `x.level(v)` or `x.onFailure(m)` on a service object: recorded, used where `x` is applied. */
  private configuration(expression: A.Expression, scope: Scope): boolean {
    if (expression.kind !== "Call" || expression.callee.kind !== "Member" || expression.callee.object.kind !== "Name") return false;
    const binding = scope.lookup(expression.callee.object.name);
    if (binding?.kind !== "service") return false;
    binding.object.settings.push({ method: expression.callee.property.name, call: expression, scope });
    return true;
  }

  // ----- service applications -----

  private execute(expression: A.Expression, scope: Scope): M.IrmlExecute | undefined {
    const applications = otherwiseChain(expression);
    const services: M.IrmlService[] = [];
    applications.forEach((application, index) => {
      const service = this.service(application, scope, index, applications.length);
      if (service) services.push(service);
    });
    if (services.length !== applications.length) return undefined;
    return { kind: "execute", span: expression.span, tagSpan: expression.span, services };
  }

  private service(application: A.Expression, scope: Scope, index: number, count: number): M.IrmlService | undefined {
    const target = application.kind === "Call" && isApplyOne(application) && application.args.length === 1 ? application.args[0] : undefined;
    if (!target) {
      this.inexpressible(application.span, `${describeExpression(application)} as an alternate: only Services.applyOne(…) may be chained with 'otherwise'`);
      return undefined;
    }
    const object = this.resolveService(target, scope);
    if (!object) return undefined;
    const { parameters, failure } = this.settings(object, scope, application.span);
    const isLast = index === count - 1;
    if (!isLast && failure && failure.mode !== "try-alternate") {
      this.inexpressible(failure.span, `failure mode '${failure.mode}' on a service that has alternates: its alternates could never run`);
    }
    if (isLast && failure?.mode === "try-alternate") {
      this.inexpressible(failure.span, "failure mode 'try-alternate' without an alternate: chain one with 'otherwise'");
    }
    const mode: FailureMode = isLast ? (failure?.mode === "ignore" ? "ignore" : "abort") : "try-alternate";
    return {
      span: application.span,
      tagSpan: application.span,
      ...(object.label ? { name: { value: object.label.value, span: object.label.span } } : {}),
      type: index === 0 ? "primary" : "alternate",
      typeSpan: application.span,
      failure: mode,
      target: { kind: "uri", uri: this.trimmedText(object.uri) },
      parameters,
    };
  }

  private resolveService(target: A.Expression, scope: Scope): ServiceObject | undefined {
    const lookup = pathCall(target);
    if (lookup && samePath(lookup.path, ["Services", "findOne"])) return this.serviceObject(target as A.CallExpression);
    const binding = target.kind === "Name" ? scope.lookup(target.name) : undefined;
    if (binding?.kind === "service") return binding.object;
    this.inexpressible(target.span, `${describeExpression(target)} as a service: IRML needs a service found with Services.findOne in this block or an enclosing one`);
    return undefined;
  }

  /**
   * The parameters and failure mode in force where a service is applied:
   * every configuration call made so far, provided it was made in a block
   * that encloses the application (otherwise it may or may not have run).
   */
  private settings(object: ServiceObject, scope: Scope, applicationSpan: Span): { parameters: M.IrmlParameter[]; failure?: { mode: FailureMode; span: Span } } {
    const parameters: M.IrmlParameter[] = [];
    let failure: { mode: FailureMode; span: Span } | undefined;
    for (const setting of object.settings) {
      if (!setting.scope.encloses(scope)) {
        this.inexpressible(setting.call.span, "configuring a service inside a block that does not enclose where it is applied");
        continue;
      }
      if (setting.method === "onFailure") {
        const mode = this.failureMode(setting.call);
        if (mode) failure = { mode, span: setting.call.span };
        continue;
      }
      const earlier = parameters.find((p) => p.name === setting.method);
      if (earlier) {
        this.inexpressible(setting.call.span, `setting parameter '${setting.method}' twice before the service is applied at line ${this.sink.source.range(applicationSpan).line}`);
        continue;
      }
      const parameter = this.parameter(setting.method, setting.call, scope);
      if (parameter) parameters.push(parameter);
    }
    return { parameters, ...(failure ? { failure } : {}) };
  }

  private failureMode(call: A.CallExpression): FailureMode | undefined {
    const [argument] = call.args;
    const mode = argument?.kind === "StringLiteral" ? FAILURE_MODES.find((m) => m === argument.value) : undefined;
    if (!mode || call.args.length !== 1) this.inexpressible(call.span, `this onFailure call: IRML knows the literal modes ${FAILURE_MODES.join(", ")}`);
    return mode;
  }

  private parameter(name: string, call: A.CallExpression, scope: Scope): M.IrmlParameter | undefined {
    const [argument] = call.args;
    if (!argument || call.args.length !== 1) {
      this.inexpressible(call.span, `parameter '${name}' set with ${call.args.length} arguments: an IRML parameter has one value`);
      return undefined;
    }
    const value = this.resolveValue(argument, scope, new Set());
    const base = { span: call.span, name, nameSpan: call.callee.span, nameValueSpan: call.callee.span, typeSpan: call.span };
    if (value.kind === "StringLiteral") {
      this.checkEncodable(value);
      return { ...base, type: "static", value: { kind: "value", text: this.text(value.value, value.span) } };
    }
    if (value.kind === "NumberLiteral" || value.kind === "BooleanLiteral") {
      this.sink.report(codes.irmlConversionAdjusted, value.span, `IRML parameter values are text; ${String(value.value)} is written as the string "${String(value.value)}"`);
      return { ...base, type: "static", value: { kind: "value", text: this.text(String(value.value), value.span) } };
    }
    const ref = expressionProperty(value);
    if (ref) {
      this.checkEncodableValue(ref.name, value.span);
      return { ...base, type: "dynamic", value: { kind: "variable", ref: this.reference(ref, value.span) } };
    }
    this.inexpressible(argument.span, `${describeExpression(value)} as a parameter value: IRML passes a literal or a message property`);
    return undefined;
  }

  // ----- conditions -----

  /** The tests of an `and` chain, outermost first; undefined after reporting what IRML lacks. */
  private condition(expression: A.Expression, scope: Scope, expanding: Set<string>): PropertyTest[] | undefined {
    if (expression.kind === "Name") {
      const binding = scope.lookup(expression.name);
      if (binding?.kind === "value" && !expanding.has(expression.name)) {
        // Names are single-assignment aliases in P, so substituting the bound expression keeps the meaning.
        return this.condition(binding.value, binding.scope, new Set([...expanding, expression.name]));
      }
    }
    if (expression.kind === "Binary" && expression.operator === "and") {
      const left = this.condition(expression.left, scope, expanding);
      const right = this.condition(expression.right, scope, expanding);
      return left && right && [...left, ...right];
    }
    if (expression.kind === "Binary") {
      const test = this.comparison(expression, scope);
      if (test) return [test];
      if (test === null) return undefined;
    }
    this.inexpressible(expression.span, `${describeExpression(expression)} as a condition${conditionHint(expression)}`);
    return undefined;
  }

  /**
   * One string comparison as one IRML regular expression. Returns null when
   * it reported a problem itself, undefined when the operator has no IRML form.
   */
  private comparison(expression: A.BinaryExpression, scope: Scope): PropertyTest | null | undefined {
    const shape = comparisonShapes[expression.operator];
    if (!shape) return undefined;
    const left = this.resolveValue(expression.left, scope, new Set());
    const right = this.resolveValue(expression.right, scope, new Set());
    let property = left;
    let literal = right;
    if (shape.symmetric && left.kind === "StringLiteral" && right.kind !== "StringLiteral") [property, literal] = [right, left];
    const ref = expressionProperty(property);
    if (!ref) {
      this.inexpressible(property.span, `${describeExpression(property)}: IRML conditions read a header, a standard system property or a service variable`);
      return null;
    }
    if (literal.kind !== "StringLiteral") {
      this.inexpressible(literal.span, `${describeExpression(literal)} on the right of '${expression.operator}': IRML compares with a literal string`);
      return null;
    }
    return { ref, ...shape.test(literal.value), span: expression.span };
  }

  /** Follows names bound to values, so `x := "GET"; … equal x` sees the literal. */
  private resolveValue(expression: A.Expression, scope: Scope, expanding: Set<string>): A.Expression {
    if (expression.kind !== "Name" || expanding.has(expression.name)) return expression;
    const binding = scope.lookup(expression.name);
    if (binding?.kind !== "value") return expression;
    return this.resolveValue(binding.value, binding.scope, new Set([...expanding, expression.name]));
  }

  // ----- text -----

  private text(value: string, span: Span): M.IrmlText {
    return { value, span, keySpan: span, valueSpan: span };
  }

  /** Names, ids and URIs are trimmed when IRML is read, so surrounding blanks cannot survive. */
  private trimmedText(literal: A.StringLiteral): M.IrmlText {
    this.checkEncodable(literal);
    if (literal.value.trim() !== literal.value) {
      this.sink.report(codes.irmlConversionAdjusted, literal.span, "IRML ignores blanks around names, ids and URIs; they are removed");
    }
    return this.text(literal.value.trim(), literal.span);
  }

  private checkEncodable(literal: A.StringLiteral): void {
    this.checkEncodableValue(literal.value, literal.span);
  }

  private checkEncodableValue(value: string, span: Span): void {
    if (hasUnencodableCharacter(value)) {
      this.sink.report(codes.irmlUnencodableCharacter, span, "this string holds a control character (or a lone surrogate) that XML 1.0 cannot carry, not even as a character reference");
    }
  }
}

// ----- comparison shapes -----

const ERE_SPECIAL = /[.[\]()*+?{}|^$\\]/g;

/** Escapes a literal for a POSIX extended regular expression. */
export function escapeEre(value: string): string {
  return value.replace(ERE_SPECIAL, (ch) => `\\${ch}`);
}

interface ComparisonShape {
  readonly symmetric: boolean;
  readonly test: (literal: string) => { negated: boolean; pattern: string; caseSensitive: boolean };
}

const exact = (negated: boolean, caseSensitive: boolean): ComparisonShape => ({
  symmetric: true,
  test: (literal) => ({ negated, caseSensitive, pattern: `^${escapeEre(literal)}$` }),
});

/** `contains ""` is true of every present value, as is the regex `^`. */
const partial = (prefix: string, suffix: string, caseSensitive: boolean): ComparisonShape => ({
  symmetric: false,
  test: (literal) => ({ negated: false, caseSensitive, pattern: literal === "" && prefix === "" && suffix === "" ? "^" : `${prefix}${escapeEre(literal)}${suffix}` }),
});

const regex = (negated: boolean, caseSensitive: boolean): ComparisonShape => ({
  symmetric: false,
  test: (literal) => ({ negated, caseSensitive, pattern: literal }),
});

/** Every P string test with an exact IRML equivalent (docs/irml.md §3). */
const comparisonShapes: Partial<Record<A.BinaryOperator, ComparisonShape>> = {
  matches: regex(false, false),
  matches_cs: regex(false, true),
  not_matches: regex(true, false),
  not_matches_cs: regex(true, true),
  equal: exact(false, true),
  EqualS: exact(false, false),
  "==": exact(false, true),
  "!=": exact(true, true),
  contains: partial("", "", true),
  ContainS: partial("", "", false),
  begins_with: partial("^", "", true),
  Begins_witH: partial("^", "", false),
  ends_with: partial("", "$", true),
  Ends_witH: partial("", "$", false),
};

// ----- shapes of statements and expressions -----

function isApplyOne(call: A.CallExpression): boolean {
  return samePath(dottedPath(call.callee), ["Services", "applyOne"]);
}

function isApplication(expression: A.Expression): boolean {
  if (expression.kind === "Binary" && expression.operator === "otherwise") return isApplication(expression.left) || isApplication(expression.right);
  return expression.kind === "Call" && isApplyOne(expression);
}

/** `a otherwise b otherwise c`, however it is grouped, as [a, b, c]. */
function otherwiseChain(expression: A.Expression): A.Expression[] {
  if (expression.kind === "Binary" && expression.operator === "otherwise") return [...otherwiseChain(expression.left), ...otherwiseChain(expression.right)];
  return [expression];
}

function commentBody(comment: A.Comment): string {
  // A line comment gets a closing blank, as `<!-- text -->` is the usual layout.
  return comment.style === "line" ? `${comment.text.replace(/^\/\//, "")} ` : comment.text.replace(/^\/\*/, "").replace(/\*\/$/, "");
}

function conditionHint(expression: A.Expression): string {
  if (expression.kind === "Binary" && expression.operator === "or") return "; write one rule per alternative, or one regular expression with '|'";
  if (expression.kind === "Unary" && expression.operator === "not") {
    return "; IRML's not-matches is false when the property is absent, where 'not' would be true — write not_matches if that is what you mean";
  }
  return "";
}

function describeStatement(statement: A.Statement): string {
  switch (statement.kind) {
    case "ExpressionStatement":
      return describeExpression(statement.expression);
    case "If":
      return "an 'if' statement";
    case "Block":
      return "a block";
    case "PointBlock":
      return "a point block";
    default:
      return "a statement";
  }
}

export function describeExpression(expression: A.Expression): string {
  switch (expression.kind) {
    case "Binary":
      return `'${expression.operator}'`;
    case "Unary":
      return `'${expression.operator}'`;
    case "Call": {
      const path = dottedPath(expression.callee);
      const interpreter = path && samePath(path.slice(0, 2), ["Core", "interpreter"]);
      return path ? `${path.join(".")}()${interpreter ? " (IRML has no way to stop or fail rule processing)" : ""}` : "a call";
    }
    case "Member":
      return `'${dottedPath(expression)?.join(".") ?? "a member"}'`;
    case "Name":
      return `the name '${expression.name}'`;
    case "Code":
      return "a code block";
    case "Missing":
      return "an incomplete expression";
    default:
      return "a constant";
  }
}
