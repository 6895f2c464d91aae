// Package recipes holds the training recipes of the LeNet chapters (1 to 4)
// as data: the image preparation, batch, epochs, optimiser, schedule,
// validation split and seed each chapter's seed notebook used. For returns
// a model's recipe by its registry name; lenet/cmd starts from it and
// applies its flags. The networks themselves are in lenet and lenet/fashion.
package recipes
