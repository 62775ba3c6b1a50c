/** Tables of the notifications module (subscriptions, webhooks, deliveries, digests). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the notifications module
export interface NotificationTables {}
