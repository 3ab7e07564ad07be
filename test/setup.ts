import fc from "fast-check";

// CI runs are reproducible: one fixed seed (FC_SEED overrides it), so a red run
// can be replayed exactly. Local runs keep exploring new seeds.
if (process.env["CI"]) {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env["FC_SEED"] ?? 20261128) });
}
