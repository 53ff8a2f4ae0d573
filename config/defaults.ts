/**
 * Defaults that both the config schema and the constructs apply, declared once: a construct used on
 * its own (in a user's stack) behaves like the same field left out of a config.
 */
export const DEFAULTS = {
  instanceType: "t3.micro",
  az: 0,
  rootVolumeSizeGb: 8,
  terminationProtection: true,
  followLatestAmi: false,
  internetEgress: false,
  accessLogs: true,
  forceDestroy: false,
  amazonLinuxRepos: true,
} as const;
