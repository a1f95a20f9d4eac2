// custom-elements-manifest analyzer: describes every element for IDEs, docs and frameworks.
export default {
  globs: ['src/components/**/*.ts', 'src/internal/base-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [
    {
      // The analyzer reads files in whatever order the file system and its globbing finish, so the
      // module order varies from run to run; sort it, so the committed file is reproducible.
      name: 'l2c-sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
