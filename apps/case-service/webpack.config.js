const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/case-service') },
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
      // The one-shot job the images run before the service: its migrations (docker-compose.yml).
      additionalEntryPoints: [{ entryName: 'migrate', entryPath: './src/migrate.ts' }],
      skipTypeChecking: true,
    }),
  ],
};
