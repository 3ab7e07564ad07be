import type { UserSchema } from "../json/user-schema.js";
import type { ServiceParameter, Term } from "../runtime/bundle.js";
import type { PolicyService } from "./site-policy-types.js";

/** A parameter that does not fit the service's schema; `name` is absent for a problem of the whole set. */
export interface ParameterProblem {
  readonly name?: string;
  readonly message: string;
}

/**
 * Checks a request's parameters against the service's parameter schema
 * (RFC 3838 §4.2.4: parameter names and types are checked against the
 * service descriptor at compile time). Static parameters are checked with
 * their values. A dynamic parameter's value is known only at run time, so it
 * counts as present (satisfying `required`) and only its name is checked
 * (`additionalProperties`, `propertyNames`).
 */
export function checkParameters(schema: UserSchema, params: readonly ServiceParameter[], terms: readonly Term[]): ParameterProblem[] {
  const staticNames = new Set<string>();
  const value: Record<string, unknown> = {};
  for (const param of params) {
    const term = terms[param.value];
    if (term?.t === "lit") staticNames.add(param.name);
    // A placeholder for a dynamic value: problems with it are dropped below, except those about the name.
    value[param.name] = term?.t === "lit" ? term.v : null;
  }
  const problems: ParameterProblem[] = [];
  for (const issue of schema.check(value)) {
    // Values are scalars, so a pointer is the root or one parameter (parameter names are identifiers).
    const name = issue.pointer.slice(1);
    if (name === "") problems.push({ message: issue.message });
    else if (staticNames.has(name) || issue.target === "key") problems.push({ name, message: issue.message });
  }
  return problems;
}

/**
 * Numbers for what a request's parameters are as the checks see them: each
 * parameter's name and its static value's term, or "dynamic". Literals that
 * print alike are one term, so requests with one number pass and fail the
 * same checks. Numbered through a trie of maps (name, then value), so a
 * request costs a few map lookups and builds no key: every request of a
 * compile is numbered, by the parameter checks and by the conflict search.
 */
export class ParameterSettings {
  private readonly root = new SettingsNode(0);
  private count = 1;

  constructor(private readonly terms: readonly Term[]) {}

  /** The settings in the order the request sets them. */
  ordered(params: readonly ServiceParameter[]): number {
    let node = this.root;
    for (const param of params) node = this.below(node, param.name, this.valueKey(param));
    return node.id;
  }

  /**
   * The settings in name order: requests that set the same values in another
   * order get one number. A request sets each name once (the lowering keeps
   * the last setting of a name).
   */
  unordered(params: readonly ServiceParameter[]): number {
    return this.ordered(inNameOrder(params) ? params : [...params].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  private below(node: SettingsNode, name: string, value: number): SettingsNode {
    let byValue = node.children.get(name);
    if (!byValue) {
      byValue = new Map();
      node.children.set(name, byValue);
    }
    let child = byValue.get(value);
    if (!child) {
      child = new SettingsNode(this.count++);
      byValue.set(value, child);
    }
    return child;
  }

  /** The static value's term, or -1 for a dynamic value. */
  private valueKey(param: ServiceParameter): number {
    return this.terms[param.value]?.t === "lit" ? param.value : -1;
  }
}

class SettingsNode {
  readonly children = new Map<string, Map<number, SettingsNode>>();
  constructor(readonly id: number) {}
}

/** Whether the names ascend: the usual case, in which sorting would change nothing. */
function inNameOrder(params: readonly ServiceParameter[]): boolean {
  for (let i = 1; i < params.length; i++) if (params[i - 1]!.name > params[i]!.name) return false;
  return true;
}

/** {@link checkParameters} once per service and settings: a large rule set repeats a few settings many times. */
export class ParameterChecks {
  private readonly found = new Map<PolicyService, Map<number, ParameterProblem[]>>();

  constructor(
    private readonly settings: ParameterSettings,
    private readonly terms: readonly Term[],
  ) {}

  problems(service: PolicyService, schema: UserSchema, params: readonly ServiceParameter[]): ParameterProblem[] {
    let bySettings = this.found.get(service);
    if (!bySettings) {
      bySettings = new Map();
      this.found.set(service, bySettings);
    }
    const key = this.settings.ordered(params);
    let problems = bySettings.get(key);
    if (!problems) {
      problems = checkParameters(schema, params, this.terms);
      bySettings.set(key, problems);
    }
    return problems;
  }
}
