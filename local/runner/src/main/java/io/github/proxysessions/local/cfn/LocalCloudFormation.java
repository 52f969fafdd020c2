package io.github.proxysessions.local.cfn;

/**
 * The CloudFormation the runner plays: one ResponseURL server and one set of functions for the whole run, one
 * {@link StackDeployment} per stack operation.
 */
public final class LocalCloudFormation implements AutoCloseable {

    private final StateStore store;
    private final EventPrinter printer;
    private final StackDeployment.Options options;
    private final ResponseServer responses = new ResponseServer();
    private final CustomResources custom;

    public LocalCloudFormation(StateStore store, Functions functions, EventPrinter printer, boolean duplicateDelivery,
                               StackDeployment.Options options) {
        this.store = store;
        this.printer = printer;
        this.options = options;
        this.custom = new CustomResources(responses, functions, duplicateDelivery);
    }

    public StackDeployment.Result deploy(CloudAssembly.Stack stack) {
        return new StackDeployment(store, stack.name(), custom, printer, options).deploy(stack.template(),
                stack.assetsByObjectKey());
    }

    public StackDeployment.Result destroy(String stackName) {
        return new StackDeployment(store, stackName, custom, printer, options).destroy();
    }

    @Override
    public void close() {
        responses.close();
    }
}
