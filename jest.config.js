const { moduleNameMapper } = require("./__tests__/setup/dependency-bundle");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker less than the cores: a single worker on a 2-core machine.
  maxWorkers: "100%",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup/token-stack-traces.js"],
  globalSetup: "<rootDir>/__tests__/global-setup.js",
  // cdktf, the provider modules, zod and yaml load from one bundle: see __tests__/setup/dependency-bundle.js.
  moduleNameMapper,
  moduleFileExtensions: ["ts", "js", "json"],
};
