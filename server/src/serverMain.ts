/**
 * The language server (dist/serverMain.js, loaded by dist/server.js): creates the connection (stdio
 * or IPC, as the client launched it), routes console output and unhandled rejections to the
 * client's log, and starts.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { formatError } from './languageServer/runSafe';
import { startServer } from './languageServer/startServer';

const connection = createConnection(ProposedFeatures.all);
console.log = connection.console.log.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('unhandledRejection', (e: unknown) => {
	connection.console.error(formatError('Unhandled rejection', e));
});
startServer(connection);
connection.listen();
