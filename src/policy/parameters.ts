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
 * Each parameter of a request as the checks see it: its name (which holds no
 * NUL), then after a NUL its static value's term or `dynamic`. Literals that
 * print alike are one term, so requests with equal settings pass and fail
 * the same checks. Sorted, settings order by name.
 */
export function parameterSettings(params: readonly ServiceParameter[], terms: readonly Term[]): string[] {
  return params.map((param) => `${param.name}\u0000${terms[param.value]?.t === "lit" ? param.value : "dynamic"}`);
}

/** {@link checkParameters} once per service and settings: a large rule set repeats a few settings many times. */
export class ParameterChecks {
  private readonly found = new Map<PolicyService, Map<string, ParameterProblem[]>>();

  constructor(private readonly terms: readonly Term[]) {}

  problems(service: PolicyService, schema: UserSchema, params: readonly ServiceParameter[]): ParameterProblem[] {
    let bySettings = this.found.get(service);
    if (!bySettings) {
      bySettings = new Map();
      this.found.set(service, bySettings);
    }
    const key = parameterSettings(params, this.terms).join("\u0000");
    let problems = bySettings.get(key);
    if (!problems) {
      problems = checkParameters(schema, params, this.terms);
      bySettings.set(key, problems);
    }
    return problems;
  }
}
