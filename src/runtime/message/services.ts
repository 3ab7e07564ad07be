/** The Services module (catalogs/services.json): service context variables; the rest is compiled into actions. */
import { configuredByCompiler, type ModuleSpec, orAbsent, stringArgument } from "./spec.js";

export const servicesModule: ModuleSpec = {
  typeName: "Services",
  methods: {
    findOne: configuredByCompiler,
    applyOne: configuredByCompiler,
    // Variable names compare without regard to case, as IRML property names do (docs/irml.md).
    variable: (view, args) => {
      const name = stringArgument(args, 0)?.toLowerCase();
      const variables = view.context.variables ?? {};
      const key = name === undefined ? undefined : Object.keys(variables).find((k) => k.toLowerCase() === name);
      return orAbsent(key === undefined ? undefined : variables[key]);
    },
  },
};
