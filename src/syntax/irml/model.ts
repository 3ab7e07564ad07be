import type { Span } from "../../diagnostics/source.js";
import type { EndpointClass } from "../ast.js";
import type { FailureMode, PropertyContext } from "./vocabulary.js";

/**
 * A typed IRML module: what the XML says, with the defaults applied and a
 * span for everything a diagnostic may point at. Reading builds it from XML
 * (read-model.ts); conversion builds it from the AST (from-ast.ts); the
 * writer (write-xml.ts) and the AST mapping (to-ast.ts) consume it.
 * A field is undefined where the source was invalid and a diagnostic said so.
 */

export interface IrmlText {
  readonly value: string;
  /** The whole element. */
  readonly span: Span;
  /** The element's name in its start tag. */
  readonly keySpan: Span;
  /** The text itself. */
  readonly valueSpan: Span;
}

export interface IrmlParty {
  readonly span: Span;
  readonly name?: IrmlText;
  readonly contact?: IrmlText;
  readonly id?: IrmlText;
}

export interface IrmlAuthor extends IrmlParty {
  readonly type: "self" | "delegate";
  readonly typeSpan: Span;
}

export interface IrmlAuthorizer extends IrmlParty {
  readonly endpoint?: EndpointClass;
  readonly endpointSpan: Span;
  readonly group: boolean;
  readonly groupSpan: Span;
}

export interface IrmlModule {
  readonly span: Span;
  readonly tagSpan: Span;
  readonly author?: IrmlAuthor;
  readonly rulesets: readonly IrmlRuleSet[];
  /** The enveloped XML-DSig `Signature` element, if any. */
  readonly signature?: Span;
  readonly comments: readonly IrmlComment[];
}

export interface IrmlComment {
  readonly text: string;
  readonly span: Span;
}

export interface IrmlRuleSet {
  readonly span: Span;
  readonly tagSpan: Span;
  readonly authorizedBy?: IrmlAuthorizer;
  readonly protocol?: IrmlText;
  readonly rules: readonly IrmlRule[];
}

export interface IrmlRule {
  readonly span: Span;
  readonly point?: { readonly value: number; readonly span: Span };
  readonly body: readonly IrmlAction[];
}

export type IrmlAction = IrmlProperty | IrmlExecute;

/** What a `property` or a `variable` names. */
export interface IrmlPropertyRef {
  readonly span: Span;
  readonly context?: PropertyContext;
  readonly name: string;
  readonly nameSpan: Span;
  readonly nameValueSpan: Span;
  /** As written; `standard` when absent. */
  readonly subSystem: string;
  readonly subSystemSpan: Span;
}

export interface IrmlTest {
  readonly negated: boolean;
  readonly pattern: string;
  /** The `matches` / `not-matches` attribute name. */
  readonly operatorSpan: Span;
  readonly patternSpan: Span;
}

export interface IrmlProperty {
  readonly kind: "property";
  readonly span: Span;
  readonly tagSpan: Span;
  readonly ref: IrmlPropertyRef;
  readonly test?: IrmlTest;
  readonly caseSensitive: boolean;
  readonly body: readonly IrmlAction[];
}

export interface IrmlExecute {
  readonly kind: "execute";
  readonly span: Span;
  readonly tagSpan: Span;
  readonly services: readonly IrmlService[];
}

export interface IrmlService {
  readonly span: Span;
  readonly tagSpan: Span;
  readonly name?: { readonly value: string; readonly span: Span };
  readonly type: "primary" | "alternate";
  readonly typeSpan: Span;
  readonly failure: FailureMode;
  /** Where `failure` was written; absent when the default applies. */
  readonly failureSpan?: Span;
  readonly target?: { readonly kind: "uri"; readonly uri: IrmlText } | { readonly kind: "any"; readonly span: Span };
  readonly parameters: readonly IrmlParameter[];
}

export interface IrmlParameter {
  readonly span: Span;
  readonly name: string;
  readonly nameSpan: Span;
  readonly nameValueSpan: Span;
  readonly type?: "static" | "dynamic";
  readonly typeSpan: Span;
  readonly value?: { readonly kind: "value"; readonly text: IrmlText } | { readonly kind: "variable"; readonly ref: IrmlPropertyRef };
}
