export { DEFAULT_RECEIVER_MAX_CONNECTIONS, DEFAULT_RECEIVER_PORT, Receiver, type ReceiverOptions } from './receiver';
export { InboxService } from './inbox-service';
export { forwardUrl } from './forwarder';
