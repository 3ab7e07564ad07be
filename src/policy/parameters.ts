import type { UserSchema } from "../json/index.js";
import type { ServiceParameter, Term } from "../runtime/bundle.js";

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
