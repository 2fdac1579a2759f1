import { dirname, join } from 'node:path';
import type { FieldError } from './fieldChecks';
import type { NormalizedCheckpointParams } from './validateCheckpointParams';
import type { NormalizedRestoreParams } from './validateRestoreParams';
import { nodeRestoreFileSystem, type RestoreFileSystem } from './restoreFileSystem';

/**
 * Checks that a validated restore request's paths are what runc and CRIU will need, before
 * anything runs: the bundle is a directory with config.json; the image directory exists and holds
 * CRIU images (`inventory.img`) and runc's `descriptors.json`; workPath is a directory or can be
 * created (runc makes only the last element); pidFile's directory exists. Empty when all is well.
 */
export function checkRestorePaths(v: NormalizedRestoreParams, fs: RestoreFileSystem = nodeRestoreFileSystem): FieldError[] {
	const errors: FieldError[] = [];
	const bundle = fs.stat(v.bundle);
	if (!bundle) errors.push({ field: 'bundle', message: `bundle directory ${v.bundle} does not exist` });
	else if (!bundle.isDirectory) errors.push({ field: 'bundle', message: `bundle ${v.bundle} is not a directory (a bundle is a directory holding config.json and the rootfs)` });
	else {
		const config = fs.stat(join(v.bundle, 'config.json'));
		if (!config) errors.push({ field: 'bundle', message: `bundle ${v.bundle} has no config.json (the container's OCI configuration, e.g. from runc spec)` });
		else if (!config.isFile) errors.push({ field: 'bundle', message: `${join(v.bundle, 'config.json')} is not a regular file` });
	}
	const imageProblem = imageDirProblem(v.imagePath, fs);
	if (imageProblem) errors.push({ field: 'imagePath', message: imageProblem });
	if (v.workPath !== undefined) {
		const work = fs.stat(v.workPath);
		if (work && !work.isDirectory) errors.push({ field: 'workPath', message: `work path ${v.workPath} exists and is not a directory` });
		else if (!work && !fs.stat(dirname(v.workPath))?.isDirectory) {
			errors.push({ field: 'workPath', message: `the parent of work path ${v.workPath} (${dirname(v.workPath)}) is not an existing directory; runc creates only the last element` });
		}
	}
	if (v.pidFile !== undefined) {
		if (fs.stat(v.pidFile)?.isDirectory) errors.push({ field: 'pidFile', message: `pid file ${v.pidFile} is a directory` });
		else if (!fs.stat(dirname(v.pidFile))?.isDirectory) errors.push({ field: 'pidFile', message: `the directory of pid file ${v.pidFile} (${dirname(v.pidFile)}) does not exist` });
	}
	return errors;
}

/**
 * Why `imagePath` is not a restorable runc checkpoint, or undefined when it is one.
 * runc restore needs CRIU's images (`inventory.img` first of all) and the `descriptors.json`
 * runc wrote at checkpoint time (it maps the container's stdio pipes).
 */
export function imageDirProblem(imagePath: string, fs: RestoreFileSystem = nodeRestoreFileSystem): string | undefined {
	const image = fs.stat(imagePath);
	if (!image) return `image directory ${imagePath} does not exist (checkpoint the container first: runc checkpoint --image-path ${imagePath} ID)`;
	if (!image.isDirectory) return `image path ${imagePath} is not a directory`;
	if (!fs.stat(join(imagePath, 'inventory.img'))?.isFile) return `${imagePath} holds no inventory.img: it is not a CRIU image directory`;
	if (!fs.stat(join(imagePath, 'descriptors.json'))?.isFile) {
		return `${imagePath} has CRIU images but no descriptors.json: it was not made by runc checkpoint (runc restore needs the stdio descriptors runc records)`;
	}
	return undefined;
}

/**
 * Path checks of a validated checkpoint request: the image path is a directory or can be
 * created, and a parentPath names an existing image directory (resolved against the image path).
 */
export function checkCheckpointPaths(v: NormalizedCheckpointParams, fs: RestoreFileSystem = nodeRestoreFileSystem): FieldError[] {
	const errors: FieldError[] = [];
	const image = fs.stat(v.imagePath);
	if (image && !image.isDirectory) errors.push({ field: 'imagePath', message: `image path ${v.imagePath} exists and is not a directory` });
	if (v.workPath !== undefined) {
		const work = fs.stat(v.workPath);
		if (work && !work.isDirectory) errors.push({ field: 'workPath', message: `work path ${v.workPath} exists and is not a directory` });
		else if (!work && !fs.stat(dirname(v.workPath))?.isDirectory) {
			errors.push({ field: 'workPath', message: `the parent of work path ${v.workPath} (${dirname(v.workPath)}) is not an existing directory; runc creates only the last element` });
		}
	}
	if (v.parentPath !== undefined) {
		const parent = join(v.imagePath, v.parentPath);
		if (!fs.stat(parent)?.isDirectory) errors.push({ field: 'parentPath', message: `parent image directory ${parent} (parentPath resolved against the image path) does not exist` });
		else if (!fs.stat(join(parent, 'inventory.img'))?.isFile) errors.push({ field: 'parentPath', message: `parent ${parent} holds no inventory.img: not a (pre-)dump image directory` });
	}
	return errors;
}
