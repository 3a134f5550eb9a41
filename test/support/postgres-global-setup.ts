import type { TestProject } from 'vitest/node';
import { startPgCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster every integration test file shares (one database per file). */
    postgres: { socketDir: string; user: string };
  }
}

/** Vitest globalSetup: one PostgreSQL cluster per test run, stopped and deleted at the end. */
export default function setup(project: TestProject): () => void {
  const cluster = startPgCluster();
  project.provide('postgres', { socketDir: cluster.socketDir, user: cluster.user });
  return () => cluster.stop();
}
