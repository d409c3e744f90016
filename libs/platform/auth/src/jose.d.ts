// jose 6 publishes its types through package.json "exports", which this workspace's
// moduleResolution ("node") does not read; this points the compiler at them.
declare module 'jose' {
  export * from 'jose/dist/types/index';
}
