// Types of esm/register.mjs: the module only installs Node's hooks for TypeScript files; it exports nothing.
export {};
