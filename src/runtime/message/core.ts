/** The Core module (catalogs/core.json): the system clock and the endpoints of the transaction. */
import { configuredByCompiler, type MessageView, type ModuleSpec, orAbsent, stringArgument } from "./spec.js";
import { formatUtc, parseRfc3339, type LocalTime } from "./time.js";
import { ipValue, timeValue } from "./types.js";

/** The transaction's time: the context's, else the evaluation clock in UTC. */
function transactionTime(view: MessageView): LocalTime | undefined {
  return view.once("core.time", () => {
    const text = view.context.time ?? formatUtc(view.now());
    return text === undefined ? undefined : parseRfc3339(text);
  });
}

export const coreModule: ModuleSpec = {
  typeName: "Core",
  objects: {
    interpreter: {
      spec: { typeName: "Core.interpreter", methods: { stop: configuredByCompiler, fail: configuredByCompiler } },
    },
    system: {
      spec: {
        typeName: "Core.system",
        properties: {
          date: (view) => orAbsent(transactionTime(view)?.text),
          time: (view) => timeValue(view, transactionTime(view)),
        },
      },
    },
    consumer: {
      spec: {
        typeName: "Core.consumer",
        properties: {
          id: (view) => orAbsent(view.context.consumer?.id),
          // An SMTP processor may know the client only by its connection.
          ip: (view) => ipValue(view, view.context.consumer?.ip ?? view.context.connection?.clientIp),
        },
        methods: {
          in_group: (view, args) => {
            const group = stringArgument(args, 0);
            return group !== undefined && (view.context.consumer?.groups ?? []).includes(group);
          },
        },
      },
    },
    provider: {
      spec: { typeName: "Core.provider", properties: { id: (view) => orAbsent(view.context.provider?.id) } },
    },
  },
};
