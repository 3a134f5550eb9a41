import type { Configuration } from 'electron-builder';

/**
 * Installers: `npm run dist` (all targets of this OS), `npm run dist -- --dir`
 * (an unpacked app, the quickest check). Built from out/ (electron-vite's
 * output) and the runtime dependencies only. Signing and notarisation are
 * switched on by environment variables (README, "Packaging"); nothing here
 * holds a secret.
 */
const config: Configuration = {
  appId: 'dev.hookbench.app',
  productName: 'Hookbench',
  copyright: 'Copyright © Hookbench contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  // electron-vite bundles the renderer (React, Monaco…) into out/renderer; the main process keeps
  // `dependencies` external, and electron-builder adds those (production ones only) from node_modules.
  // Source maps are left out, ours and those some dependencies ship (pg's protocol package).
  files: [
    'out/**',
    '!out/.build-stamp',
    '!out/**/*.map',
    '!**/node_modules/**/*.map',
    'resources/icons/512x512.png',
    'package.json',
  ],
  asar: true,
  // No runtime dependency holds a native addon (the exchange store uses Node's built-in node:sqlite,
  // which Electron embeds), so there is nothing to unpack from the archive or rebuild for Electron;
  // the packaging test fails if one ever comes in.
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'resources/icons',
    executableName: 'hookbench',
    synopsis: 'Send, receive, inspect and replay signed webhooks',
    description: 'Send, receive, inspect and replay signed webhooks on your own machine.',
    maintainer: 'Hookbench contributors <hookbench@users.noreply.github.com>',
  },
  mac: {
    // One installer per architecture (Electron itself is per arch).
    // zip beside dmg is what an updater (Squirrel.Mac) needs later.
    target: [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ],
    category: 'public.app-category.developer-tools',
    icon: 'resources/icon.icns',
    hardenedRuntime: true,
    // Notarises when APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER (or APPLE_ID/…) are set, skipped otherwise.
    notarize: true,
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: 'Hookbench',
  },
  // No auto-update yet. appId, the per-user nsis install, AppImage and the mac zip keep the door open;
  // adding electron-updater means adding a `publish` provider here.
  publish: null,
};

export default config;
