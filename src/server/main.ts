/**
 * Entry point of the Specwright spec language server, bundled to dist/server.js.
 * Start it as `node dist/server.js --stdio`; the transport is chosen from the command line
 * (--stdio, --node-ipc or --socket=<port>) by vscode-languageserver.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startSpecServer } from './specServer';

startSpecServer(createConnection(ProposedFeatures.all));
