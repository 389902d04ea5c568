/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
export declare const CHROMIUM_PATH: string
/** The launch arguments every browser run on this machine uses. */
export declare const CHROMIUM_ARGS: readonly string[]
/** Options for Playwright's `chromium.launch()` (and `use.launchOptions`). */
export declare function chromiumLaunchOptions(): { executablePath: string; args: string[] }
/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export declare function freePort(): Promise<number>
