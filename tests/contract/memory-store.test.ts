import { createMemoryStore } from '../../server/store/memory.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', async () => createMemoryStore());
