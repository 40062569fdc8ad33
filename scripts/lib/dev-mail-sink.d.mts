export interface SinkMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number; head: string }[];
}
export interface DevMailSink {
  port: number;
  url: string;
  dir: string;
  stop(): Promise<void>;
}
export declare function startDevMailSink(options?: {
  port?: number;
  dir?: string;
  onMessage?: (message: SinkMessage) => void;
}): Promise<DevMailSink>;
