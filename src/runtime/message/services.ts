/** The Services module (catalogs/services.json): service context variables; the rest is compiled into actions. */
import { configuredByCompiler, type ModuleSpec, orAbsent, stringArgument } from "./spec.js";

export const servicesModule: ModuleSpec = {
  typeName: "Services",
  methods: {
    findOne: configuredByCompiler,
    applyOne: configuredByCompiler,
    variable: (view, args) => {
      const name = stringArgument(args, 0);
      const variables = view.context.variables ?? {};
      return orAbsent(name !== undefined && Object.hasOwn(variables, name) ? variables[name] : undefined);
    },
  },
};
