import { runExchangeContract } from '../../../support/exchange-contract.js';
import { startFakeExchangeServer } from '../../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../../support/fake-exchange/make-ccxt-on-fake-server.js';

runExchangeContract('CcxtExchange (real ccxt binance) on the fake server', async () => {
  const server = await startFakeExchangeServer();
  return { exchange: makeCcxtOnFakeServer(server), symbol: 'BTC/USDT', hasStopOrders: true, dispose: () => server.close() };
});
