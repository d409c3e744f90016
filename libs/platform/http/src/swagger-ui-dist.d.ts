// swagger-ui-dist ships no types; its tiny absolute-path module is all the services load from it in Node
// (the package's main module would also load the 1.5 MB browser bundle).
declare module 'swagger-ui-dist/absolute-path.js' {
  /** The folder of the package's files (swagger-ui-bundle.js, swagger-ui.css, ...). */
  const absolutePath: () => string;
  export default absolutePath;
}
