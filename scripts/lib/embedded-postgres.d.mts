export declare const DEFAULT_EMBEDDED_DIR: string;
export declare function freePort(): Promise<number>;
export declare function urlFor(port: number, database?: string): string;
export declare function readPostmasterPid(dataDir: string): { file: string; pid: number; port: number } | undefined;
export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}
export declare function startEmbeddedPostgres(options?: {
  dataDir?: string;
  port?: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgres>;
export declare function testServer(label?: string): Promise<{ url: string; started: boolean; stop(): Promise<void> }>;
