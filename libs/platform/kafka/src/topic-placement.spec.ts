import { topicPlacementOf } from './topics-admin';

describe("the topics' placement from the environment", () => {
  it('is a single broker’s when unset, and three copies with two in sync for a cluster', () => {
    expect(topicPlacementOf({})).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(topicPlacementOf({ KAFKA_REPLICATION_FACTOR: '3' }, 3)).toEqual({
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });
    expect(topicPlacementOf({ KAFKA_REPLICATION_FACTOR: '5', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toEqual({
      replicationFactor: 5,
      minInsyncReplicas: 3,
    });
  });

  it('refuses what could never acknowledge a message, or more copies than brokers', () => {
    expect(() => topicPlacementOf({ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toThrow(
      'KAFKA_MIN_INSYNC_REPLICAS (3) is more than KAFKA_REPLICATION_FACTOR (2): no message could be acknowledged',
    );
    expect(() => topicPlacementOf({ KAFKA_REPLICATION_FACTOR: '3' }, 1)).toThrow(
      'KAFKA_REPLICATION_FACTOR (3) is more than the 1 brokers given',
    );
    expect(() => topicPlacementOf({ KAFKA_REPLICATION_FACTOR: 'three' })).toThrow(
      'KAFKA_REPLICATION_FACTOR: a whole number of at least 1, not "three"',
    );
  });
});
