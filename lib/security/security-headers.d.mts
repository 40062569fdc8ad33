export declare const HSTS_VALUE: string;
export declare const API_CONTENT_SECURITY_POLICY: string;
export declare function staticSecurityHeaders(nodeEnv: string | undefined): Array<{ key: string; value: string }>;
