export type ListenerName = 'ui' | 'receiver' | 'api';

export interface ListeningAddress {
  name: ListenerName;
  url: string;
}

export interface AppStatus {
  version: string;
  dataDir: string;
  /** 'desktop' under Electron, 'headless' when served to a browser, 'cli' for one-shot commands. */
  mode: 'desktop' | 'headless' | 'cli';
  startedAt: string;
  uptimeSeconds: number;
  listening: ListeningAddress[];
  node: string;
  platform: string;
  /** Problems the user should know about (a settings file moved aside, weak secret storage…). */
  notices: string[];
}
