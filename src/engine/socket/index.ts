/**
 * The socket engine: a `ChatEngine` over the presence server's WebSocket protocol (server/, docs/server.md),
 * for real presence between real browsers.
 */
export { createSocketEngine, SocketEngine } from './engine'
export type { ReconnectOptions, SocketEngineOptions, WebSocketConstructor, WebSocketLike } from './options'
export { CLOSE_CODE, PROTOCOL_LIMITS, PUSH_EVENTS, SERVER_ERROR_CODE, SERVER_METHODS } from './protocol'
export type {
  ErrorBody,
  LoginParams,
  PushEventName,
  PushFrame,
  RequestFrame,
  RequestId,
  ResponseFrame,
  ServerMethod,
} from './protocol'
