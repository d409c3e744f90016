const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/intake-gateway') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.json',
      optimization: false,
      outputHashing: 'none',
      // dist/apps/<app>/package.json and its lock: the app's own runtime dependencies, for the image.
      generatePackageJson: true,
      // The one-shot job that creates the platform's topics, shipped in the gateway's image (docker-compose.yml).
      // An absolute path: Nx resolves a '../' entry against the workspace root, and webpack then found it only
      // when the checkout sat two folders below / (its `resolve.roots` fallback); a CI clone deeper down failed.
      additionalEntryPoints: [
        { entryName: 'kafka-topics', entryPath: join(__dirname, '../../tools/kafka-topics.ts') },
      ],
      skipTypeChecking: true,
    }),
  ],
};
