/** The operation documents in schema/operations/, imported as text (esbuild's text loader). */
declare module '*.graphql' {
  const document: string;
  export default document;
}
