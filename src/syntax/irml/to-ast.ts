import type { Span } from "../../diagnostics/source.js";
import type * as A from "../ast.js";
import {
  binary,
  block,
  call,
  expressionStatement,
  identifier,
  member,
  memberPath,
  missing,
  nameRef,
  stringLiteral,
} from "./ast-nodes.js";
import type * as M from "./model.js";
import { propertyExpression } from "./properties.js";
import { STANDARD_SUB_SYSTEM } from "./vocabulary.js";

/**
 * Maps a typed IRML module onto the shared AST, as the P text it stands for
 * (docs/irml.md §2). Every node carries the span of the XML it came from.
 */
export function moduleToProgram(module: M.IrmlModule | undefined, file: string, textLength: number): A.Program {
  const mapper = new ProgramMapper();
  return {
    kind: "Program",
    file,
    language: "irml",
    span: { start: 0, end: textLength },
    ...(module?.author ? { header: mapper.header(module.author) } : {}),
    items: module ? module.rulesets.map((r) => mapper.ruleset(r)) : [],
    comments: module ? module.comments.map(toComment) : [],
  };
}

/** Service objects get module-wide names, because P names have global scope. */
const serviceName = (index: number): string => `s${index}`;

/** XML comments become block comments; `*\/` inside one would end it early. */
function toComment(comment: M.IrmlComment): A.Comment {
  return { kind: "Comment", style: "block", text: `/*${comment.text.replaceAll("*/", "* /")}*/`, span: comment.span };
}

class ProgramMapper {
  private services = 0;

  header(author: M.IrmlAuthor): A.ModuleHeader {
    return { kind: "ModuleHeader", span: author.span, author: author.type, authorSpan: author.typeSpan, fields: partyFields(author, ["name", "id", "contact"]) };
  }

  ruleset(ruleset: M.IrmlRuleSet): A.RuleSet {
    const authorizer = ruleset.authorizedBy;
    const id = authorizer?.id;
    const protocol = ruleset.protocol;
    return {
      kind: "RuleSet",
      span: ruleset.span,
      endpoint: authorizer?.endpoint ?? "consumer",
      endpointSpan: authorizer?.endpointSpan ?? ruleset.tagSpan,
      group: authorizer?.group ?? false,
      authorizedBy: stringLiteral(id?.value ?? "", id?.valueSpan ?? ruleset.tagSpan),
      protocol: identifier(protocol ? protocol.value.toUpperCase() : "HTTP", protocol?.valueSpan ?? ruleset.tagSpan),
      fields: authorizer ? partyFields(authorizer, ["name", "contact"]) : [],
      body: ruleset.rules.flatMap((rule) => this.rule(rule)),
    };
  }

  private rule(rule: M.IrmlRule): A.PointBlock[] {
    if (!rule.point) return [];
    const point: A.NumberLiteral = { kind: "NumberLiteral", value: rule.point.value, span: rule.point.span };
    return [{ kind: "PointBlock", span: rule.span, point, body: block(this.actions(rule.body), rule.span) }];
  }

  private actions(actions: readonly M.IrmlAction[]): A.Statement[] {
    return actions.flatMap((action) => (action.kind === "property" ? [this.property(action)] : this.execute(action)));
  }

  /** A property is an `if` whose body holds the nested properties and executes: nesting is AND. */
  private property(property: M.IrmlProperty): A.IfStatement {
    const branch: A.IfBranch = {
      kind: "IfBranch",
      span: property.span,
      condition: condition(property),
      body: block(this.actions(property.body), property.span),
    };
    return { kind: "If", span: property.span, branches: [branch] };
  }

  /**
   * `s1 := Services.findOne(uri, name); s1.param(v); …;
   *  Services.applyOne(s1) otherwise Services.applyOne(s2) …;`
   * The primary's try-alternate is what `otherwise` means, so only the last
   * service's failure mode is written, and only when it is not the default.
   */
  private execute(execute: M.IrmlExecute): A.Statement[] {
    const statements: A.Statement[] = [];
    const applications: A.Expression[] = [];
    let last: { name: string; service: M.IrmlService } | undefined;
    for (const service of execute.services) {
      if (service.target?.kind !== "uri") continue;
      const name = serviceName(++this.services);
      statements.push(findOne(name, service, service.target.uri), ...parameters(name, service));
      applications.push(call(memberPath(["Services", "applyOne"], service.span), [nameRef(name, service.tagSpan)], service.span));
      last = { name, service };
    }
    if (last?.service.failure === "ignore") statements.push(onFailure(last.name, last.service));
    const [primary, ...alternates] = applications;
    if (primary) {
      const chain = alternates.reduce((left, right) => binary("otherwise", left, right, execute.span, right.span), primary);
      statements.push(expressionStatement(chain, execute.span));
    }
    return statements;
  }
}

function partyFields(party: M.IrmlParty, keys: readonly A.HeaderFieldName[]): A.HeaderField[] {
  return keys.flatMap((key) => {
    const text = party[key];
    return text ? [{ kind: "HeaderField", span: text.span, key, keySpan: text.keySpan, value: stringLiteral(text.value, text.valueSpan) } satisfies A.HeaderField] : [];
  });
}

function condition(property: M.IrmlProperty): A.Expression {
  const ref = property.ref;
  if (ref.subSystem.toLowerCase() !== STANDARD_SUB_SYSTEM) return { kind: "BooleanLiteral", value: false, span: ref.subSystemSpan };
  const left = reference(ref);
  const test = property.test;
  if (!left || !test) return missing(property.tagSpan);
  const operator: A.StringOperator = `${test.negated ? "not_" : ""}matches${property.caseSensitive ? "_cs" : ""}`;
  return binary(operator, left, stringLiteral(test.pattern, test.patternSpan), property.tagSpan, test.operatorSpan);
}

function reference(ref: M.IrmlPropertyRef): A.Expression | undefined {
  return ref.context && ref.name !== "" ? propertyExpression({ context: ref.context, name: ref.name }, ref.nameSpan, ref.nameValueSpan) : undefined;
}

function findOne(name: string, service: M.IrmlService, uri: M.IrmlText): A.AssignmentStatement {
  const args = [stringLiteral(uri.value, uri.valueSpan), ...(service.name ? [stringLiteral(service.name.value, service.name.span)] : [])];
  return { kind: "Assignment", span: service.span, name: identifier(name, service.tagSpan), value: call(memberPath(["Services", "findOne"], uri.span), args, uri.span) };
}

function parameters(name: string, service: M.IrmlService): A.Statement[] {
  return service.parameters.flatMap((parameter) => {
    const value = parameterValue(parameter);
    if (!value || parameter.name === "") return [];
    const callee = member(nameRef(name, parameter.nameSpan), parameter.name, parameter.nameValueSpan);
    return [expressionStatement(call(callee, [value], parameter.span), parameter.span)];
  });
}

function parameterValue(parameter: M.IrmlParameter): A.Expression | undefined {
  const value = parameter.value;
  if (!value) return undefined;
  if (value.kind === "value") return stringLiteral(value.text.value, value.text.valueSpan);
  if (value.ref.subSystem.toLowerCase() !== STANDARD_SUB_SYSTEM) return missing(value.ref.span);
  return reference(value.ref) ?? missing(value.ref.span);
}

function onFailure(name: string, service: M.IrmlService): A.ExpressionStatement {
  const span: Span = service.failureSpan ?? service.tagSpan;
  const callee = member(nameRef(name, span), "onFailure", span);
  return expressionStatement(call(callee, [stringLiteral(service.failure, span)], span), span);
}
