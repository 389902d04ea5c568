export declare function usageFiles(readme: string): Array<{ path: string; code: string }>
export declare function readUsageFiles(file: string): Array<{ path: string; code: string }>
